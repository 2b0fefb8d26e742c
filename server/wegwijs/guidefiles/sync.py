"""Export an app's guides to files, and import files into an app, all or nothing.

The CLI reads and writes a directory; the admin API (`guidefiles.routes`) sends and takes
the same files as JSON. Both import through `import_guide_files`, inside one database
transaction; the content service's own commits become savepoints within it. A bad file, a
guide that cannot be published, or a dry run rolls the whole transaction back, so the
database is never left half-imported, and a dry run reports exactly what a real run would
do.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from wegwijs.apps.models import App
from wegwijs.auth.models import Account
from wegwijs.content import service as content
from wegwijs.content.models import Guide, GuideStatus
from wegwijs.content.snapshot import draft_source, ordered_steps
from wegwijs.errors import ApiError
from wegwijs.guidefiles.files import (
    FileProblem,
    GuideFileError,
    dump_guide,
    guide_paths,
    read_guide_file,
)
from wegwijs.guidefiles.schema import GuideFile

PUBLISH_ORDER = ("walkthrough", "tip", "announcement", "checklist")
"""Checklists and announcements name walkthroughs, which must be live first."""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)


def export_guides(*, session: Session, app: App, directory: Path) -> list[Path]:
    """Write every guide that is not archived as `<slug>.yaml`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file in guide_files(session=session, app=app):
        path = directory / f"{file.slug}.yaml"
        path.write_text(dump_guide(file), encoding="utf-8")
        written.append(path)
    return written


def guide_files(*, session: Session, app: App) -> list[GuideFile]:
    """Every guide of the app that is not archived, as its file, in slug order."""
    guides = session.exec(
        select(Guide)
        .where(Guide.app_id == app.id, col(Guide.status) != GuideStatus.archived)
        .order_by(col(Guide.slug))
    ).all()
    return [guide_file(session=session, guide=guide) for guide in guides]


def guide_file(*, session: Session, guide: Guide) -> GuideFile:
    """The guide's draft as a file: what the author edits is what gets versioned."""
    source = draft_source(guide=guide, steps=ordered_steps(session=session, guide=guide))
    return GuideFile.model_validate(
        {**source["guide"], "kind": guide.kind, "steps": source["steps"]}
    )


def read_guide_files(directory: Path) -> list[tuple[Path, GuideFile]]:
    """Every file, validated before anything is written; all problems at once."""
    read: list[tuple[Path, GuideFile]] = []
    problems: list[FileProblem] = []
    for path in guide_paths(directory):
        try:
            read.append((path, read_guide_file(path)))
        except GuideFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise GuideFileError(problems)
    if not read:
        raise GuideFileError([FileProblem(directory, None, "", "holds no .yaml guide files")])
    return read


class GuideImportError(Exception):
    """The content service refused one guide (the `index`-th given); nothing was changed."""

    def __init__(self, index: int, slug: str, error: ApiError) -> None:
        super().__init__(f"{slug}: {error.message}")
        self.index = index
        self.slug = slug
        self.error = error

    @property
    def loc(self) -> list[str | int]:
        """Where in the guide the service found the problem (the request's `body` left out)."""
        details = self.error.details if isinstance(self.error.details, list) else []
        first = details[0] if details and isinstance(details[0], dict) else {}
        loc = list(first.get("loc", []))
        return loc[1:] if loc[:1] == ["body"] else loc


def import_guides(
    *, engine: Engine, app_key: str, directory: Path, publish: bool = False, dry_run: bool = False
) -> ImportReport:
    """Import DIRECTORY/*.yaml; every problem is a `GuideFileError` naming its file."""
    read = read_guide_files(directory)
    try:
        return import_guide_files(
            engine=engine,
            app_key=app_key,
            files=[file for _, file in read],
            publish=publish,
            dry_run=dry_run,
        )
    except GuideImportError as exc:
        field = ".".join(str(part) for part in exc.loc)
        problem = FileProblem(read[exc.index][0], None, field, exc.error.message)
        raise GuideFileError([problem]) from None
    except ApiError as exc:
        raise GuideFileError([FileProblem(directory, None, "", exc.message)]) from None


def import_guide_files(
    *,
    engine: Engine,
    app_key: str,
    files: Sequence[GuideFile],
    publish: bool = False,
    dry_run: bool = False,
    author: Account | None = None,
) -> ImportReport:
    """Create or update the app's guides from validated files in one transaction, kept only
    when every guide imports (and, with `publish`, publishes) and this is no dry run."""
    with _one_transaction(engine, keep=not dry_run) as session:
        app = session.exec(select(App).where(App.key == app_key)).first()
        if app is None:
            raise ApiError(404, "app_not_found", f"no app with key {app_key!r}")
        report = ImportReport()
        imported = [
            (index, _import_one(session, app, index, file, report, author))
            for index, file in enumerate(files)
        ]
        if publish:
            for index, guide in sorted(
                imported, key=lambda item: PUBLISH_ORDER.index(item[1].kind)
            ):
                _publish_if_needed(session, app, index, guide, report, author)
        return report


@contextmanager
def _one_transaction(engine: Engine, *, keep: bool) -> Iterator[Session]:
    with engine.connect() as connection, _real_savepoints(connection):
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield session
        except BaseException:
            transaction.rollback()
            raise
        finally:
            session.close()
        if keep:
            transaction.commit()
        else:
            transaction.rollback()


@contextmanager
def _real_savepoints(connection: Connection) -> Iterator[None]:
    """Python's sqlite3 driver starts and ends transactions on its own, so releasing the
    first savepoint would commit everything. SQLAlchemy's documented remedy, for this one
    connection: the driver leaves transactions alone and BEGIN is emitted explicitly."""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    previous = driver.isolation_level  # type: ignore[union-attr]
    driver.isolation_level = None  # type: ignore[union-attr]

    def begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    event.listen(connection, "begin", begin)
    try:
        yield
    finally:
        event.remove(connection, "begin", begin)
        driver.isolation_level = previous  # type: ignore[union-attr]


def _import_one(
    session: Session,
    app: App,
    index: int,
    file: GuideFile,
    report: ImportReport,
    author: Account | None,
) -> Guide:
    guide = session.exec(
        select(Guide).where(Guide.app_id == app.id, Guide.slug == file.slug)
    ).first()
    try:
        if guide is None:
            created = content.create_guide(
                session=session, app=app, guide_in=file.to_create(), author=author
            )
            report.created.append(file.slug)
            return created
        changed = content.replace_draft(
            session=session, app=app, guide=guide, guide_in=file.to_create()
        )
    except ApiError as exc:
        raise GuideImportError(index, file.slug, exc) from None
    (report.changed if changed else report.unchanged).append(file.slug)
    return guide


def _publish_if_needed(
    session: Session,
    app: App,
    index: int,
    guide: Guide,
    report: ImportReport,
    author: Account | None,
) -> None:
    described = content.describe_guide(session=session, guide=guide)
    if described.status == GuideStatus.published and not described.has_unpublished_changes:
        return
    try:
        content.publish_guide(session=session, app=app, guide=guide, author=author)
    except ApiError as exc:
        raise GuideImportError(index, guide.slug, exc) from None
    report.published.append(guide.slug)
