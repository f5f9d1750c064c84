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
    write         in the calendar named "Tasks": a todo made from iCalendar
                  text with things ticked has no field for (an X- property,
                  an alarm), read back, renamed, completed; a second one
                  made and deleted; what each step saw, and the headers of
                  every PUT and DELETE ("writes").
    dump          the "Tasks" calendar's objects, completed ones included,
                  each fetched with GET, as the server's text, by UID.
    make-list     a calendar made with MKCALENDAR (named "Groceries", for
                  todos, at an address of the client's choosing), a todo
                  saved into it, and the calendars' names before and after.
    delete-list   the calendar named "Groceries" deleted; whether it still
                  answers, the calendars' names afterwards, and the DELETE
                  ("writes"). Two scenarios rather than one, so that the
                  test can look at the list over the API in between.

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
from caldav.elements import dav
from caldav.lib import error as caldav_error

REQUESTS = []
# The PUTs and DELETEs, with the preconditions caldav sent on each.
WRITES = []


def record(response, *args, **kwargs):
    """A niquests response hook: note each exchange, redirects included."""
    request = response.request
    path = urlsplit(str(request.url)).path
    REQUESTS.append(f"{request.method} {path} {response.status_code}")
    if request.method in ("PUT", "DELETE"):
        WRITES.append(
            {
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "if_match": request.headers.get("If-Match"),
                "if_none_match": request.headers.get("If-None-Match"),
                "content_type": request.headers.get("Content-Type"),
                "etag": response.headers.get("ETag"),
            }
        )
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


def todo_text(uid, summary, *lines):
    """A calendar of one VTODO, as a client writes it: `uid`, `summary`,
    then any further `lines` of the VTODO."""
    return "\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//ticked tests//python caldav//EN",
            "BEGIN:VTODO",
            f"UID:{uid}",
            "DTSTAMP:20260101T120000Z",
            f"SUMMARY:{summary}",
            *lines,
            "END:VTODO",
            "END:VCALENDAR",
            "",
        ]
    )


# What a client might write: ticked's fields, and things it has none for
# (an X- property, an alarm), which it must keep.
MADE = todo_text(
    "client-made-1",
    "Made in a client",
    "DUE;VALUE=DATE:20261224",
    "PRIORITY:1",
    "CATEGORIES:phone,Shop",
    "STATUS:NEEDS-ACTION",
    "X-CLIENT-THING:keep me",
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    "TRIGGER:-PT15M",
    "DESCRIPTION:Reminder",
    "END:VALARM",
)

DOOMED = todo_text("client-made-2", "To be deleted")


def calendar_named(principal, name):
    """The principal's calendar whose display name is `name`."""
    for calendar in principal.get_calendars():
        if calendar.get_display_name() == name:
            return calendar
    raise LookupError(f"no calendar named {name}")


def summaries(calendar):
    """The summaries of every todo in `calendar`, completed ones too, sorted."""
    found = calendar.get_todos(include_completed=True)
    return sorted(str(t.get_icalendar_component().get("summary")) for t in found)


def fetch(client, calendar, url):
    """The object at `url`, with GET only (no fallback to a REPORT)."""
    return caldav.Todo(client=client, url=url, parent=calendar).load(multiget_fallback=False)


def raw_text(todo):
    return todo.raw_data.decode("utf-8") if todo.raw_data is not None else None


def fetched_entry(todo):
    entry = todo_entry(todo)
    entry["raw"] = raw_text(todo)
    return entry


def write(base_url, username, password):
    with connect(base_url, username, password) as client:
        # "Tasks": every user's first list.
        calendar = calendar_named(client.get_principal(), "Tasks")

        # (a) made from iCalendar text: caldav PUTs it to <uid>.ics.
        made = calendar.add_todo(MADE)
        url = str(made.url)
        put_etag = made.etag

        # (b) read back with GET, at the URL the client chose.
        todo = fetch(client, calendar, url)
        fetched = fetched_entry(todo)

        # (c) renamed and saved: a PUT with If-Match, the ETag of the GET.
        with todo.edit_icalendar_component() as vtodo:
            vtodo.pop("SUMMARY", None)
            vtodo.add("SUMMARY", "Edited in a client")
        todo.save()
        edited_put_etag = todo.etag
        todo.load(multiget_fallback=False)
        edited = fetched_entry(todo)

        # (d) completed: STATUS:COMPLETED and COMPLETED, saved the same way.
        todo.complete()
        completed_put_etag = todo.etag
        completed = fetched_entry(fetch(client, calendar, url))

        # (e) made and deleted (a plain DELETE, as caldav sends by default).
        doomed = calendar.add_todo(DOOMED)
        doomed_url = str(doomed.url)
        doomed.delete()

        remaining = summaries(calendar)
    return {
        "calendar": str(calendar.url),
        "made": {"url": url, "etag": put_etag},
        "fetched": fetched,
        "edited": edited,
        "edited_put_etag": edited_put_etag,
        "completed": completed,
        "completed_put_etag": completed_put_etag,
        "deleted_url": doomed_url,
        "summaries": remaining,
        "writes": WRITES,
    }


def dump(base_url, username, password):
    objects = {}
    with connect(base_url, username, password) as client:
        calendar = calendar_named(client.get_principal(), "Tasks")
        for found in calendar.get_todos(include_completed=True):
            todo = fetch(client, calendar, found.url)
            objects[todo.id] = raw_text(todo)
    return {"objects": objects}


# Where make-list asks for its calendar: fixed, so that the Rust test
# knows the address to expect, and a name rather than a number, as
# clients choose (a number is where a list made on the web is).
GROCERIES_ID = "groceries-6e3b2a10"

GROCERY = todo_text("client-groceries-1", "Buy apples")


def calendar_names(principal):
    """The names of the principal's calendars, from a fresh listing."""
    return sorted(calendar.get_display_name() or "" for calendar in principal.get_calendars())


def make_list(base_url, username, password):
    with connect(base_url, username, password) as client:
        principal = client.get_principal()
        before = calendar_names(principal)
        calendar = principal.make_calendar(
            name="Groceries", cal_id=GROCERIES_ID, supported_calendar_component_set=["VTODO"]
        )
        todo = calendar.add_todo(GROCERY)
        made = {
            "url": str(calendar.url),
            # Asked of the server, not the name caldav remembers sending.
            "name": calendar.get_property(dav.DisplayName()),
            "components": list(calendar.get_supported_components()),
            "todo_url": str(todo.url),
            "summaries": summaries(calendar),
        }
        after = calendar_names(principal)
    return {"before": before, "made": made, "after": after}


def delete_list(base_url, username, password):
    with connect(base_url, username, password) as client:
        principal = client.get_principal()
        calendar = calendar_named(principal, "Groceries")
        url = str(calendar.url)
        calendar.delete()
        try:
            calendar.get_property(dav.DisplayName())
            afterwards = "still there"
        except caldav_error.NotFoundError as err:
            afterwards = type(err).__name__
        after = calendar_names(principal)
    return {"deleted": url, "afterwards": afterwards, "after": after, "writes": WRITES}


SCENARIOS = {
    "discover": discover,
    "todos": todos,
    "unauthorized": unauthorized,
    "write": write,
    "dump": dump,
    "make-list": make_list,
    "delete-list": delete_list,
}


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
