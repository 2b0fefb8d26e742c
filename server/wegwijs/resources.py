"""Where the files a server needs live: inside the wheel, or in a source checkout."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parent.parent


def _locate(bundled_name: str, checkout_path: str) -> Path:
    """Prefer the wheel's bundled copy; an editable install reads the checkout directly."""
    bundled = _BUNDLED / bundled_name
    return bundled if bundled.is_dir() else _CHECKOUT / checkout_path


def widget_dir() -> Path:
    """The widget's built files (`widget/dist`), served at /widget/."""
    return _locate("widget", "widget/dist")


def examples_dir() -> Path:
    return _locate("examples", "examples")


def guides_dir() -> Path:
    return _locate("guides", "guides")
