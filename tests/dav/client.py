"""Drive ticked's CalDAV server with a real client nobody on the team wrote.

The client is Python's `caldav` package (PyPI, python-caldav); every object
it fetches is parsed a second time, from the bytes the server sent, by the
`icalendar` package (a dependency of caldav), an iCalendar parser that owes
nothing to ticked's own. The Rust tests in tests/app/dav run this script
against a live ticked and assert on what it prints.

Usage:

    python3 tests/dav/client.py <scenario> <base_url> <username> <app_password>

Scenarios:

    discover      from the address a person would type (the bare server
                  address, e.g. http://127.0.0.1:8080/): the principal and
                  its calendars, each with its name and components.
    todos         every task of every calendar, completed ones included,
                  with its fields as icalendar reads them.
    unauthorized  the same login with a wrong password: what caldav raises.

It prints ONE JSON object on stdout and exits 0. Anything unexpected goes
to stderr as a traceback, with the requests made so far, and exits 1.
Every answer also carries "requests": one "METHOD /path STATUS" line per
HTTP exchange (redirect hops included), so a failing test shows what the
client asked for and what it was told.
"""

import json
import sys
import traceback
from urllib.parse import urlsplit

import caldav
import icalendar
from caldav.lib import error as caldav_error

REQUESTS = []


def record(response, *args, **kwargs):
    """A niquests response hook: note each exchange, redirects included."""
    request = response.request
    REQUESTS.append(f"{request.method} {urlsplit(str(request.url)).path} {response.status_code}")
    return response


def connect(base_url, username, password):
    """A client as a person would set one up: address, username, password."""
    # A timeout so that a server that never answers fails the run.
    client = caldav.DAVClient(url=base_url, username=username, password=password, timeout=30)
    client.session.hooks.setdefault("response", []).append(record)
    return client


def discover(base_url, username, password):
    with connect(base_url, username, password) as client:
        principal = client.get_principal()
        calendars = [
            {
                "url": str(calendar.url),
                "name": calendar.get_display_name(),
                "components": list(calendar.get_supported_components()),
            }
            for calendar in principal.get_calendars()
        ]
    calendars.sort(key=lambda c: c["name"] or "")
    return {"principal": str(principal.url), "calendars": calendars}


def text(value):
    """A text property as a plain string (icalendar has unescaped it)."""
    return None if value is None else str(value)


def integer(value):
    return None if value is None else int(str(value))


def iso(value):
    """A date or date-time property in ISO 8601; a DATE stays a date."""
    return None if value is None else value.dt.isoformat()


def categories(value):
    """CATEGORIES, which may appear more than once, as one list of names."""
    if value is None:
        return []
    lines = value if isinstance(value, list) else [value]
    return [str(name) for line in lines for name in line.cats]


def parent(value):
    """The UID in RELATED-TO whose RELTYPE is PARENT (the default one)."""
    if value is None:
        return None
    for related in value if isinstance(value, list) else [value]:
        if related.params.get("RELTYPE", "PARENT").upper() == "PARENT":
            return str(related)
    return None


def fields(vtodo):
    """One VTODO, as the Rust tests compare it."""
    rrule = vtodo.get("rrule")
    return {
        "uid": text(vtodo.get("uid")),
        "summary": text(vtodo.get("summary")),
        "description": text(vtodo.get("description")),
        "status": text(vtodo.get("status")),
        "due": iso(vtodo.get("due")),
        "priority": integer(vtodo.get("priority")),
        "categories": categories(vtodo.get("categories")),
        "related_to": parent(vtodo.get("related-to")),
        "rrule": None if rrule is None else rrule.to_ical().decode(),
        "percent_complete": integer(vtodo.get("percent-complete")),
        "completed": iso(vtodo.get("completed")),
        "sort_order": integer(vtodo.get("x-apple-sort-order")),
        "created": iso(vtodo.get("created")),
        "last_modified": iso(vtodo.get("last-modified")),
        "dtstamp": iso(vtodo.get("dtstamp")),
    }


def todo_entry(todo):
    """A fetched object: its VTODO read from the raw bytes, and its ETag."""
    raw = todo.raw_data if todo.raw_data is not None else todo.data
    parsed = icalendar.Calendar.from_ical(raw)
    vtodos = parsed.walk("VTODO")
    entry = fields(vtodos[0]) if vtodos else {"summary": None}
    entry["vtodo_count"] = len(vtodos)
    entry["other_components"] = sorted(
        {c.name for c in parsed.subcomponents if c.name not in ("VTODO", "VTIMEZONE")}
    )
    entry["parse_errors"] = [str(e) for c in parsed.walk() for e in c.errors]
    entry["url"] = str(todo.url)
    if todo.etag is not None:
        entry["etag"] = todo.etag
    return entry


def todos(base_url, username, password):
    found = {}
    with connect(base_url, username, password) as client:
        for calendar in client.get_principal().get_calendars():
            # get_todos() alone would leave out the completed ones.
            fetched = calendar.get_todos(include_completed=True)
            entries = [todo_entry(todo) for todo in fetched]
            entries.sort(key=lambda e: e["summary"] or "")
            found[calendar.get_display_name()] = entries
    return {"calendars": found}


def unauthorized(base_url, username, _password):
    client = connect(base_url, username, "wrong")
    try:
        client.get_principal()
    except caldav_error.DAVError as err:
        return {"error": type(err).__name__, "status": getattr(err, "status", None)}
    finally:
        client.close()
    return {"error": None, "status": None}


SCENARIOS = {"discover": discover, "todos": todos, "unauthorized": unauthorized}


def main(argv):
    if len(argv) != 5 or argv[1] not in SCENARIOS:
        names = "|".join(SCENARIOS)
        print(f"usage: {argv[0]} {names} <base_url> <username> <app_password>", file=sys.stderr)
        return 2
    scenario, base_url, username, password = argv[1:]
    try:
        result = SCENARIOS[scenario](base_url, username, password)
    except Exception:
        traceback.print_exc()
        print("requests made:", *REQUESTS, sep="\n  ", file=sys.stderr)
        return 1
    result["requests"] = REQUESTS
    result["caldav_version"] = caldav.__version__
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
