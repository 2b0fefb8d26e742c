"""Export an app's guides to files, and import files into an app, all or nothing.

An import runs inside one database transaction; the content service's own commits become
savepoints within it. A bad file, a guide that cannot be published, or `--dry-run` rolls
the whole transaction back, so the database is never left half-imported, and a dry run
reports exactly what a real run would do.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from wegwijs.apps.models import App
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
    guides = session.exec(
        select(Guide)
        .where(Guide.app_id == app.id, col(Guide.status) != GuideStatus.archived)
        .order_by(col(Guide.slug))
    ).all()
    written = []
    for guide in guides:
        path = directory / f"{guide.slug}.yaml"
        path.write_text(dump_guide(guide_file(session=session, guide=guide)), encoding="utf-8")
        written.append(path)
    return written


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


def import_guides(
    *, engine: Engine, app_key: str, directory: Path, publish: bool = False, dry_run: bool = False
) -> ImportReport:
    files = read_guide_files(directory)
    with _one_transaction(engine, keep=not dry_run) as session:
        app = session.exec(select(App).where(App.key == app_key)).first()
        if app is None:
            raise GuideFileError([FileProblem(directory, None, "", f"no app with key {app_key!r}")])
        report = ImportReport()
        imported = [(path, _import_one(session, app, path, file, report)) for path, file in files]
        if publish:
            for path, guide in sorted(imported, key=lambda item: PUBLISH_ORDER.index(item[1].kind)):
                _publish_if_needed(session, app, path, guide, report)
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
    session: Session, app: App, path: Path, file: GuideFile, report: ImportReport
) -> Guide:
    guide = session.exec(
        select(Guide).where(Guide.app_id == app.id, Guide.slug == file.slug)
    ).first()
    try:
        if guide is None:
            created = content.create_guide(
                session=session, app=app, guide_in=file.to_create(), author=None
            )
            report.created.append(file.slug)
            return created
        changed = content.replace_draft(
            session=session, app=app, guide=guide, guide_in=file.to_create()
        )
    except ApiError as exc:
        raise GuideFileError([_service_problem(path, exc)]) from None
    (report.changed if changed else report.unchanged).append(file.slug)
    return guide


def _publish_if_needed(
    session: Session, app: App, path: Path, guide: Guide, report: ImportReport
) -> None:
    described = content.describe_guide(session=session, guide=guide)
    if described.status == GuideStatus.published and not described.has_unpublished_changes:
        return
    try:
        content.publish_guide(session=session, app=app, guide=guide, author=None)
    except ApiError as exc:
        raise GuideFileError([_service_problem(path, exc)]) from None
    report.published.append(guide.slug)


def _service_problem(path: Path, exc: ApiError) -> FileProblem:
    details = exc.details if isinstance(exc.details, list) else []
    first = details[0] if details and isinstance(details[0], dict) else {}
    where = ".".join(str(part) for part in first.get("loc", []))
    return FileProblem(path, None, where, exc.message)
