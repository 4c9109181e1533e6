"""Contact lists from sales tools: a Salesforce Contacts export, a LinkedIn Sales Navigator list.

Both are CSV (or Excel) files that the workbook importer already reads by their headers
(``FirstName``/``LastName``, ``Title``, ``Department``, ``Email``; ``ReportsToId`` is a
manager reference). What this module adds is what those tools mean by their columns:

* **Salesforce ids are case-sensitive.** A record id has 15 characters, where ``a`` and
  ``A`` differ, or 18, the same 15 followed by a three-character case checksum. Two ids
  that differ only in case are two people, and a 15-character ``ReportsToId`` names the
  contact whose 18-character ``Id`` starts with it (and the other way round). Every
  ``ReportsToId`` is therefore resolved here, exactly and case-sensitively, to an ``Id``
  of the file before the importer sees it, so the importer's forgiving matching (which
  ignores case) never has to guess. ``AccountId``, ``OwnerId`` and other columns are kept
  as extra columns; when every contact has one ``Account Name`` it names the partner.
* **A Sales Navigator lead list** has no ids and no managers; its profile URL is unique
  per person and is used as the id, so two leads with the same name stay two people.
"""

from __future__ import annotations

from collections import Counter

from ..headers import normalise_header

__all__ = ["is_salesforce", "is_sales_navigator", "adapt_crm_records", "salesforce_id_index"]

_SALESFORCE_MARKERS = {"reportstoid", "accountid", "ownerid", "masterrecordid", "createdbyid"}
_PROFILE_HEADERS = ("profileurl", "linkedinprofileurl", "linkedinurl", "salesnavigatorurl", "profilelink",
                    "linkedinprofile", "publicprofileurl")
_ACCOUNT_HEADERS = ("accountname", "company", "account", "companyname")


def _extra_header(records, wanted) -> str | None:
    by_key = {normalise_header(h): h for h in records.people.extra} if records.people else {}
    for key in wanted:
        if key in by_key:
            return by_key[key]
    return None


def is_salesforce(records) -> bool:
    """True when the people columns are a Salesforce export's (``Id`` plus ``ReportsToId``, ``AccountId``, …)."""
    people = records.people
    if people is None:
        return False
    headers = {normalise_header(h) for h in list(people.columns.values()) + list(people.extra)}
    return people.columns.get("id", "").strip().lower() == "id" and bool(headers & _SALESFORCE_MARKERS)


def is_sales_navigator(records) -> bool:
    """True for a lead list with a LinkedIn profile URL column and no id column."""
    people = records.people
    return people is not None and "id" not in people.values and _extra_header(records, _PROFILE_HEADERS) is not None


def salesforce_id_index(ids) -> dict[str, str]:
    """``15-character prefix -> id`` for every 15- or 18-character id (case-sensitive).

    Examples
    --------
    >>> index = salesforce_id_index(["0035g00000AbCdEAAV", "0035g00000abcdeAAA"])
    >>> index["0035g00000AbCdE"], index["0035g00000abcde"]
    ('0035g00000AbCdEAAV', '0035g00000abcdeAAA')
    """
    index = {}
    for value in ids:
        if isinstance(value, str) and len(value) in (15, 18):
            index.setdefault(value[:15], value)
    return index


def _resolve_salesforce(records) -> None:
    people = records.people
    ids = [str(v).strip() if v is not None else None for v in people.values.get("id", [])]
    people.values["id"] = ids
    exact = set(i for i in ids if i)
    index = salesforce_id_index(exact)
    refs = people.values.get("reports_to")
    if refs is None:
        return
    resolved = []
    for ref in refs:
        text = str(ref).strip() if ref is not None else None
        if not text or text in exact:
            resolved.append(text or None)
        elif len(text) in (15, 18) and text[:15] in index:
            resolved.append(index[text[:15]])
        else:
            resolved.append(text)  # the importer reports it as a manager it cannot find
    people.values["reports_to"] = resolved


def _partner_name(records) -> None:
    header = _extra_header(records, _ACCOUNT_HEADERS)
    if header is None or records.name:
        return
    names = Counter(str(v).strip() for v in records.people.extra[header] if v not in (None, ""))
    if len(names) == 1:
        records.name = next(iter(names))


def adapt_crm_records(records):
    """Apply what a Salesforce or Sales Navigator export means to workbook records (in place).

    Returns the records; other files pass through unchanged.
    """
    if records.people is None:
        return records
    if is_salesforce(records):
        _resolve_salesforce(records)
        _partner_name(records)
    elif is_sales_navigator(records):
        header = _extra_header(records, _PROFILE_HEADERS)
        urls = [str(v).strip().rstrip("/") if v not in (None, "") else None for v in records.people.extra[header]]
        if len({u for u in urls if u}) == sum(1 for u in urls if u):  # unique: safe as ids
            records.people.values["id"] = urls
            records.people.columns["id"] = header
        _partner_name(records)
    return records
