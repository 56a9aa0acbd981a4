"""The XML of a REFI-QDA project (`project.qde` inside a .qdpx): write it, read it safely.

Writing follows `Project.xsd` element order exactly, and is deterministic: the same
`RefiProject` gives the same bytes, which is what lets export → import → export compare
byte for byte. What the standard has no place for travels in `<?annotator {json}?>`
processing instructions (a reviewer role, a review decision, the PDF view of a coding):
validators and other tools skip them.

Reading is namespace-agnostic (producers write `urn:QDA-XML:project:1.0`, `…:1:0`, no
namespace at all) and refuses DTDs: entities are never expanded, nothing is fetched.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from lxml import etree

from annotator.errors import InvalidInputError
from annotator.formats.cells import xml_safe
from annotator.formats.codebook_sheet import CodebookFileError
from annotator.formats.qdc import PI_TARGET, code_element, walk_codes
from annotator.formats.refi import (
    PDF,
    SOURCE_KINDS,
    TEXT,
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiUser,
)

NS = "urn:QDA-XML:project:1.0"
_UNSUPPORTED = ("Variables", "Cases", "Links", "Sets", "Graphs")
_MEDIA_SELECTIONS = ("PictureSelection", "AudioSelection", "VideoSelection", "Transcript")


class ProjectFileError(InvalidInputError):
    """A .qdpx (or its project.qde) that cannot be imported; nothing was written."""


def stamp(value: datetime | None) -> str | None:
    """xsd:dateTime in UTC to the second, as every producer writes it."""
    return None if value is None else _stamp(value)


@lru_cache(maxsize=8192)
def _stamp(value: datetime) -> str:
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:"
            f"{value.minute:02d}:{value.second:02d}Z")


# writing ---------------------------------------------------------------------------------------

def to_xml(project: RefiProject) -> bytes:
    q = _Names(NS)
    root = etree.Element(q("Project"), nsmap={None: NS}, **_attrs(
        name=project.name, origin=project.origin, creationDateTime=stamp(project.created),
        modifiedDateTime=stamp(project.modified)))
    if project.users:
        users = etree.SubElement(root, q("Users"))
        reviewers = [user.guid for user in project.users if user.reviewer]
        if reviewers:  # User has empty content: even a PI's indentation would be invalid
            users.append(_pi({"reviewers": reviewers}))
        for user in project.users:
            etree.SubElement(users, q("User"), guid=user.guid, name=_safe(user.name))
    if project.code_rows:
        holder = etree.SubElement(etree.SubElement(root, q("CodeBook")), q("Codes"))
        elements: dict[int, Any] = {}
        for code in project.code_rows:
            parent = elements.get(code.parent) if code.parent is not None else None
            elements[code.id] = code_element(holder if parent is None else parent, code, NS)
    if project.sources:
        sources = etree.SubElement(root, q("Sources"))
        for source in project.sources:
            _write_source(sources, source, q)
    if project.notes:
        notes = etree.SubElement(root, q("Notes"))
        for note in project.notes:
            _write_note(notes, note, q)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8",
                                pretty_print=True))


class _Names:
    def __init__(self, ns: str) -> None:
        self._cache: dict[str, str] = {}
        self._ns = ns

    def __call__(self, local: str) -> str:
        name = self._cache.get(local)
        if name is None:
            name = self._cache[local] = f"{{{self._ns}}}{local}"
        return name


def _attrs(**values: str | int | None) -> dict[str, str]:
    return {k: _safe(str(v)) for k, v in values.items() if v is not None and v != ""}


def _safe(text: str) -> str:
    return xml_safe(text)[0]


def _pi(values: dict[str, object]) -> Any:
    return etree.ProcessingInstruction(
        PI_TARGET, json.dumps(values, ensure_ascii=False, sort_keys=True).replace(">", "\\u003e"))


def _write_source(parent: Any, source: RefiSource, q: _Names) -> None:
    common = _attrs(guid=source.guid, name=source.name, creatingUser=source.user,
                    creationDateTime=stamp(source.created), modifyingUser=source.user,
                    modifiedDateTime=stamp(source.modified))
    if source.kind == TEXT:
        element = etree.SubElement(parent, q("TextSource"), **_attrs(
            guid=source.guid, name=source.name, plainTextPath=source.plain_path), **{
            k: v for k, v in common.items() if k not in ("guid", "name")})
        _description(element, source.description, q)
        _write_selections(element, source.selections, q)
    else:
        element = etree.SubElement(parent, q("PDFSource"), **_attrs(
            guid=source.guid, name=source.name, path=source.path), **{
            k: v for k, v in common.items() if k not in ("guid", "name")})
        _description(element, source.description, q)
        for selection in source.pdf_selections:
            _write_selection(element, "PDFSelection", selection, q)
        representation = etree.SubElement(element, q("Representation"), **_attrs(
            guid=source.representation, name=f"Representation_for_{source.name}",
            plainTextPath=source.plain_path))
        _write_selections(representation, source.selections, q)
    for note in source.notes:
        etree.SubElement(element, q("NoteRef"), targetGUID=note)


def _description(element: Any, text: str, q: _Names) -> None:
    if text:
        etree.SubElement(element, q("Description")).text = _safe(text)


def _write_selections(parent: Any, selections: list[RefiSelection], q: _Names) -> None:
    for selection in selections:
        _write_selection(parent, "PlainTextSelection", selection, q)


def _write_selection(parent: Any, tag: str, selection: RefiSelection, q: _Names) -> None:
    # the hot loop of an export (one call per coding): GUIDs, numbers and times need no
    # escaping, so only the name goes through xml_safe
    attrs = {"guid": selection.guid}
    if selection.name:
        attrs["name"] = _safe(selection.name)
    if tag == "PlainTextSelection":
        attrs["startPosition"], attrs["endPosition"] = str(selection.start), str(selection.end)
    else:
        assert selection.box is not None
        x0, y0, x1, y1 = selection.box
        attrs |= {"page": str(selection.page), "firstX": str(x0), "firstY": str(y0),
                  "secondX": str(x1), "secondY": str(y1)}
    if selection.user:
        attrs["creatingUser"] = selection.user
    if selection.created is not None:
        attrs["creationDateTime"] = _stamp(selection.created)
    if selection.user:
        attrs["modifyingUser"] = selection.user
    if selection.modified is not None:
        attrs["modifiedDateTime"] = _stamp(selection.modified)
    element = etree.SubElement(parent, q(tag), attrs)
    if selection.mirror:
        element.append(_pi({"mirror": True}))
    _description(element, selection.description, q)
    coding_tag, ref_tag = q("Coding"), q("CodeRef")
    for coding in selection.codings:
        values = {"guid": coding.guid}
        if coding.user:
            values["creatingUser"] = coding.user
        if coding.created is not None:
            values["creationDateTime"] = _stamp(coding.created)
        etree.SubElement(etree.SubElement(element, coding_tag, values), ref_tag,
                         targetGUID=coding.code)
    for note in selection.notes:
        etree.SubElement(element, q("NoteRef"), targetGUID=note)


def _write_note(parent: Any, note: RefiNote, q: _Names) -> None:
    element = etree.SubElement(parent, q("Note"), **_attrs(
        guid=note.guid, name=note.name, creatingUser=note.user,
        creationDateTime=stamp(note.created)))
    if note.meta:
        element.append(_pi(dict(note.meta)))
    _description(element, note.description, q)
    if note.text:
        etree.SubElement(element, q("PlainTextContent")).text = _safe(note.text)


# reading ---------------------------------------------------------------------------------------

def from_xml(data: bytes, name: str) -> RefiProject:
    """The project a .qde holds; raises ProjectFileError (one line) if it cannot be read."""
    head = data[:1 << 16]
    if b"<!DOCTYPE" in head or b"<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E" in head:
        raise ProjectFileError(f"{name}: has a DTD (entities are refused in a REFI-QDA file)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise ProjectFileError(f"{name}: not a well-formed XML file ({err})") from err
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ProjectFileError(f"{name}: has a DTD (entities are refused in a REFI-QDA file)")
    tag = etree.QName(root)
    if tag.localname != "Project" or not (tag.namespace is None or tag.namespace.startswith(
            "urn:QDA-XML:project")):
        raise ProjectFileError(f"{name}: not a REFI-QDA project (the root element is "
                               f"<{tag.localname}>, expected <Project xmlns=\"{NS}\">)")
    project = RefiProject(name=root.get("name") or "", origin=root.get("origin") or "",
                          created=_time(root.get("creationDateTime")),
                          modified=_time(root.get("modifiedDateTime")))
    for child in _children(root):
        local = etree.QName(child).localname
        if local == "Users":
            reviewers = _meta(child).get("reviewers", [])
            project.users = [_user(u, reviewers) for u in _children(child, "User")]
        elif local == "CodeBook":
            codes = next(iter(_children(child, "Codes")), None)
            if codes is not None:
                try:
                    project.codes = walk_codes(codes, name)
                except CodebookFileError as err:
                    raise ProjectFileError(str(err)) from err
        elif local == "Sources":
            project.sources = [_source(s, name) for s in _children(child)
                               if etree.QName(s).localname in SOURCE_KINDS]
        elif local == "Notes":
            project.notes = [_note(n, name) for n in _children(child, "Note")]
        elif local in _UNSUPPORTED:
            project.unsupported[local] = len(list(_children(child)))
    return project


def _children(element: Any, local: str | None = None) -> list[Any]:
    return [c for c in element if isinstance(c.tag, str)
            and (local is None or _local(c) == local)]


def _local(element: Any) -> str:
    return str(element.tag).rpartition("}")[2]


def _time(value: str | None) -> datetime | None:
    return _parse_time(value) if value else None


@lru_cache(maxsize=8192)
def _parse_time(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.replace(microsecond=0)


def _meta(element: Any) -> dict[str, Any]:
    for child in element:
        if isinstance(child, etree._ProcessingInstruction) and child.target == PI_TARGET:
            try:
                value = json.loads(child.text or "")
            except json.JSONDecodeError:
                return {}
            return value if isinstance(value, dict) else {}
    return {}


def _text(element: Any, local: str) -> str | None:
    found = _children(element, local)
    return None if not found else "".join(found[0].itertext())


def _guid(element: Any, file: str) -> str:
    guid = element.get("guid")
    if not guid:
        raise ProjectFileError(f"{file}: <{etree.QName(element).localname}> on line "
                               f"{element.sourceline} has no guid (REFI-QDA requires one)")
    return str(guid).strip().strip("{}").lower()


def _ref(value: str | None) -> str | None:
    return None if not value else value.strip().strip("{}").lower()


def _user(element: Any, reviewers: object) -> RefiUser:
    guid = _ref(element.get("guid")) or ""
    return RefiUser(guid=guid, name=element.get("name") or "",
                    reviewer=isinstance(reviewers, list) and guid in reviewers)


def _source(element: Any, file: str) -> RefiSource:
    kind = etree.QName(element).localname
    source = RefiSource(
        kind=kind, guid=_guid(element, file), name=element.get("name") or "",
        path=element.get("path") or element.get("richTextPath"),
        plain_path=element.get("plainTextPath"), plain_text=_text(element, "PlainTextContent"),
        user=_ref(element.get("creatingUser")), created=_time(element.get("creationDateTime")),
        modified=_time(element.get("modifiedDateTime")),
        description=_text(element, "Description") or "", line=element.sourceline or 0)
    for child in _children(element):
        local = _local(child)
        if local == "PlainTextSelection":
            source.selections.append(_selection(child, file))
        elif local == "PDFSelection":
            source.pdf_selections.append(_selection(child, file))
        elif local == "Representation" and kind == PDF:
            source.representation = _ref(child.get("guid"))
            source.plain_path = child.get("plainTextPath")
            source.plain_text = _text(child, "PlainTextContent")
            source.selections.extend(_selection(s, file)
                                     for s in _children(child, "PlainTextSelection"))
        elif local in _MEDIA_SELECTIONS:
            source.other_selections += 1
            source.other_codings += len(child.findall(".//{*}Coding"))
        elif local == "NoteRef":
            source.notes.extend(filter(None, [_ref(child.get("targetGUID"))]))
    return source


def _selection(element: Any, file: str) -> RefiSelection:
    local = _local(element)
    selection = RefiSelection(
        guid=_guid(element, file), name=element.get("name") or "",
        user=_ref(element.get("creatingUser")), created=_time(element.get("creationDateTime")),
        modified=_time(element.get("modifiedDateTime")),
        description=_text(element, "Description") or "", mirror=bool(_meta(element).get("mirror")),
        line=element.sourceline or 0)
    try:
        if local == "PlainTextSelection":
            selection.start = int(element.get("startPosition"))
            selection.end = int(element.get("endPosition"))
        else:
            selection.page = int(element.get("page"))
            selection.box = (int(element.get("firstX")), int(element.get("firstY")),
                             int(element.get("secondX")), int(element.get("secondY")))
            representation = next(iter(_children(element, "Representation")), None)
            if representation is not None:
                selection.text = _text(representation, "PlainTextContent")
    except (TypeError, ValueError) as err:
        raise ProjectFileError(f"{file}: <{local}> on line {element.sourceline}: its positions "
                               f"are not whole numbers") from err
    for child in _children(element):
        child_local = _local(child)
        if child_local == "Coding":
            ref = next(iter(_children(child, "CodeRef")), None)
            code = _ref(ref.get("targetGUID")) if ref is not None else None
            if code:
                selection.codings.append(RefiCoding(
                    guid=_ref(child.get("guid")) or "", code=code,
                    user=_ref(child.get("creatingUser")),
                    created=_time(child.get("creationDateTime"))))
        elif child_local == "NoteRef":
            selection.notes.extend(filter(None, [_ref(child.get("targetGUID"))]))
    return selection


def _note(element: Any, file: str) -> RefiNote:
    meta = {k: str(v) for k, v in _meta(element).items()}
    return RefiNote(guid=_guid(element, file), name=element.get("name") or "",
                    text=_text(element, "PlainTextContent") or "",
                    description=_text(element, "Description") or "",
                    user=_ref(element.get("creatingUser")),
                    created=_time(element.get("creationDateTime")), meta=meta)
