"""REFI-QDA codebooks (.qdc): the XML that MAXQDA, NVivo, ATLAS.ti and QualCoder exchange.

The standard knows a code's GUID, name, colour, description and nesting. What it has no
place for (the key, both names, the shortcut, the separate definition and notes) travels
in an `<?annotator …?>` processing instruction inside each `<Code>`: schema validation
and other tools skip it, and a round trip through Annotator is field for field. The
description holds the definition and notes as readable text, so users of other tools see
them; when another tool has edited the name or description, those edits win.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from lxml import etree

from annotator.formats.cells import xml_safe
from annotator.formats.codebook_sheet import CodebookFileError, CodeEntry
from annotator.records import CodeRow

NS = "urn:QDA-XML:codebook:1.0"
#: Namespaces seen in the wild: the standard's, and the variants some producers write.
NAMESPACES = (NS, "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4",
              "urn:QDA-XML:codebook:0.4", None)
PI_TARGET = "annotator"
_SECTIONS = (("include_note", "Include"), ("exclude_note", "Exclude"), ("examples", "Examples"))
_SECTION_SPLIT = re.compile(r"\n\n(?=(?:Include|Exclude|Examples): )")
_KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# `rules` (suggestions, annotator/suggest) rides here too: other tools ignore it.
_PI_FIELDS = ("key", "name", "name_ja", "shortcut", "definition", "include_note",
              "exclude_note", "examples", "rules")
_OPTIONAL = frozenset({"rules"})  # absent from files of older versions: keep the project's


def to_xml(codes: Sequence[CodeRow], origin: str) -> bytes:
    """`codes` in tree order (parents before their children) as a REFI-QDA codebook."""
    root = etree.Element(f"{{{NS}}}CodeBook", nsmap={None: NS}, origin=origin)
    holder = etree.SubElement(root, f"{{{NS}}}Codes")
    elements: dict[int, Any] = {}
    for code in codes:
        parent = elements.get(code.parent) if code.parent is not None else None
        elements[code.id] = code_element(parent if parent is not None else holder, code)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8",
                                pretty_print=True))


def code_element(parent: Any, code: CodeRow, ns: str = NS) -> Any:
    """One `<Code>` (also inside a .qdpx project, in its namespace `ns`)."""
    element = etree.SubElement(parent, f"{{{ns}}}Code", guid=code.guid,
                               name=xml_safe(display_name(code.name, code.name_ja))[0],
                               isCodable="true", color=code.color)
    element.append(etree.ProcessingInstruction(PI_TARGET, _pi_data(code)))
    description = describe(code.definition, code.include_note, code.exclude_note,
                           code.examples)
    if description:
        etree.SubElement(element, f"{{{ns}}}Description").text = xml_safe(description)[0]
    return element


def _pi_data(code: CodeRow) -> str:
    values = {name: getattr(code, name) or "" for name in _PI_FIELDS}
    # JSON escapes control characters; escaping ">" keeps "?>" out of the instruction.
    return json.dumps(values, ensure_ascii=False).replace(">", "\\u003e")


def display_name(name: str, name_ja: str) -> str:
    """Other tools show one name: the English one, else the Japanese one."""
    return name or name_ja


def describe(definition: str, include: str, exclude: str, examples: str) -> str:
    parts = [definition] if definition else []
    parts += [f"{label}: {text}" for text, label in
              zip((include, exclude, examples), (s[1] for s in _SECTIONS), strict=True) if text]
    return "\n\n".join(parts)


def from_xml(data: bytes, name: str) -> list[CodeEntry]:
    """The codes of a .qdc file, in document order, each pointing at its parent entry."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise CodebookFileError(f"{name}: not a well-formed XML file ({err})") from err
    tag = etree.QName(root)
    if tag.localname != "CodeBook" or tag.namespace not in NAMESPACES:
        raise CodebookFileError(
            f"{name}: not a REFI-QDA codebook (the root element is <{tag.localname}>, "
            f"expected <CodeBook xmlns=\"{NS}\">)")
    holder = _child(root, "Codes")
    if holder is None:
        raise CodebookFileError(f"{name}: the codebook has no <Codes> element")
    entries = walk_codes(holder, name)
    if not entries:
        raise CodebookFileError(f"{name}: the codebook has no codes")
    return entries


def walk_codes(holder: Any, name: str) -> list[CodeEntry]:
    """The `<Code>` elements under `<Codes>` (of a .qdc or a .qdpx), parents by index."""
    entries: list[CodeEntry] = []
    _walk(holder, None, entries, name)
    return entries


def _child(element: Any, local: str) -> Any:
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname == local:
            return child
    return None


def _codes(element: Any) -> list[Any]:
    return [child for child in element
            if isinstance(child.tag, str) and etree.QName(child).localname == "Code"]


def _walk(element: Any, parent: int | None, entries: list[CodeEntry], name: str) -> None:
    """Every <Code> below `element` depth first, parents before children, in document
    order; without recursion, so no nesting depth can overflow the stack."""
    stack: list[tuple[Any, int | None]] = [(child, parent) for child in reversed(_codes(element))]
    while stack:
        node, above = stack.pop()
        entries.append(_entry(node, above, name))
        index = len(entries) - 1
        stack.extend((child, index) for child in reversed(_codes(node)))


def _entry(element: Any, parent: int | None, file: str) -> CodeEntry:
    where = f"<Code> on line {element.sourceline}"
    guid, shown = element.get("guid"), element.get("name")
    if not guid:
        raise CodebookFileError(f"{file}: {where} has no guid (REFI-QDA requires one)")
    if shown is None or not shown.strip():
        raise CodebookFileError(f"{file}: {where} has no name")
    saved = _saved(element, file, where)
    description = _text(_child(element, "Description"))
    values: dict[str, str | None] = {k: saved.get(k) for k in _PI_FIELDS} if saved else {}
    if not saved:
        values.update(_names(shown))
    elif shown != xml_safe(display_name(saved["name"], saved["name_ja"]))[0]:
        values["name" if saved["name"] else "name_ja"] = shown  # renamed in another tool
    if not saved or _lines(description) != _lines(_described(saved)):
        values.update(_sections(description))
    return CodeEntry(where=where, guid=guid, color=element.get("color"), parent=parent,
                     parent_known=True, **values)


def _saved(element: Any, file: str, where: str) -> dict[str, str]:
    for child in element:
        if isinstance(child, etree._ProcessingInstruction) and child.target == PI_TARGET:
            try:
                values = json.loads(child.text or "")
            except json.JSONDecodeError as err:
                raise CodebookFileError(f"{file}: {where}: its annotator data is not valid "
                                        f"JSON ({err})") from err
            if not isinstance(values, dict) or not all(
                    isinstance(values.get(k, ""), str) for k in _PI_FIELDS):
                raise CodebookFileError(f"{file}: {where}: its annotator data is malformed")
            return {k: values.get(k, "") for k in _PI_FIELDS
                    if k in values or k not in _OPTIONAL}
    return {}


def _text(element: Any) -> str:
    return "" if element is None else "".join(element.itertext())


def _described(saved: dict[str, str]) -> str:
    return xml_safe(describe(saved["definition"], saved["include_note"], saved["exclude_note"],
                             saved["examples"]))[0]


def _lines(text: str) -> str:
    """Line ends as any XML parser may have normalised them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _names(shown: str) -> dict[str, str | None]:
    """A name from another tool: Japanese script goes to the Japanese name."""
    if _KANA_OR_KANJI.search(shown):
        return {"name_ja": shown, "name": None}
    return {"name": shown, "name_ja": None}


def _sections(description: str) -> dict[str, str | None]:
    """Definition and notes from a description; without section labels it is all definition.

    Then the notes are not the file's to say (None): a codebook made in another tool
    must not wipe the notes of the code it is merged into.
    """
    chunks = _SECTION_SPLIT.split(description)
    labels = {label: field for field, label in _SECTIONS}
    if len(chunks) == 1 and not any(description.startswith(f"{x}: ") for x in labels):
        return {"definition": description}
    found: dict[str, str | None] = {"definition": "", **{f: "" for f, _label in _SECTIONS}}
    for number, chunk in enumerate(chunks):
        label, _, rest = chunk.partition(": ")
        if label in labels and (number > 0 or chunk.startswith(f"{label}: ")):
            found[labels[label]] = rest
        else:
            found["definition"] = chunk
    return found
