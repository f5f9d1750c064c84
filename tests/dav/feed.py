"""Read a ticked list's iCalendar feed as a subscribing calendar app would.

The feed is fetched from its address with no login and parsed by the
`icalendar` package (a dependency of caldav), a parser that owes nothing
to ticked. The Rust tests in tests/app/dav/feed.rs run this script and
assert on what it prints.

Usage:

    python3 tests/dav/feed.py <feed_url>

It prints ONE JSON object on stdout: the calendar's name, and each event
with its UID, summary, start and end days, whether it is transparent, and
its repeat rule. It exits 1 with a traceback when the feed does not read.
"""

import json
import sys
import urllib.request

import icalendar


def day(value):
    return value.dt.isoformat() if value is not None else None


def main(url):
    # The server is on 127.0.0.1: no proxy may stand in between.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=30) as response:
        content_type = response.headers.get("Content-Type")
        raw = response.read()
    calendar = icalendar.Calendar.from_ical(raw)
    events = []
    for event in calendar.walk("VEVENT"):
        rule = event.get("rrule")
        events.append(
            {
                "uid": str(event.get("uid")),
                "summary": str(event.get("summary")),
                "description": str(event.get("description")) if event.get("description") else None,
                "start": day(event.get("dtstart")),
                "end": day(event.get("dtend")),
                "transparent": str(event.get("transp")) == "TRANSPARENT",
                "rrule": rule.to_ical().decode() if rule is not None else None,
            }
        )
    print(
        json.dumps(
            {
                "content_type": content_type,
                "name": str(calendar.get("x-wr-calname")),
                "todos": len(calendar.walk("VTODO")),
                "events": events,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
