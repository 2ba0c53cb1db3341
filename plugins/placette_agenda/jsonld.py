"""schema.org Event (JSON-LD) for event pages."""

from __future__ import annotations

import datetime as dt

from placette.model import access
from placette.model.events import Event, as_datetime, rule_for_dateutil
from placette.model.recurrence import Occurrence, aware, exact_duration

from .ical import _exdates

STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "full": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}
FREQUENCY = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
DAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
        "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}  # fmt: skip


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def event_jsonld(article, association, occurrence: Occurrence | None, siteurl: str) -> dict:
    event: Event = article.event
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "eventStatus": STATUS[event.status],
        "inLanguage": article.lang,
    }
    start = occurrence.start if occurrence else event.start
    end = occurrence.end if occurrence else event.end
    data["startDate"] = _iso(start)
    if end is not None:
        data["endDate"] = _iso(end)
    if event.postponed_to is not None:
        data["previousStartDate"] = _iso(event.start)
    if siteurl.startswith("http"):
        data["url"] = f"{siteurl}/{article.url}"
    if event.online and not event.place:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": event.online}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = _place(event, association)
    if association is not None:
        organizer = {"@type": "Organization", "name": association.name}
        if siteurl.startswith("http"):
            organizer["url"] = f"{siteurl}/associations/{association.slug}/"
        data["organizer"] = organizer
    if event.price:
        data["isAccessibleForFree"] = event.free
        offer = {"@type": "Offer", "description": event.price}
        if event.free:
            offer.update(price="0", priceCurrency="EUR")
        if event.status == "full":
            offer["availability"] = "https://schema.org/SoldOut"
        data["offers"] = offer
    if event.rrule:
        data["eventSchedule"] = schedule(event)
    return data


def _place(event: Event, association) -> dict:
    """The schema.org Place where the event is held: its own place, else its
    association's address, else a Place with no details."""
    place = event.place
    location: dict = {"@type": "Place"}
    if place is not None:
        location["name"] = place.name or (association.name if association else "")
        if place.address:
            location["address"] = place.address
        coordinates = place.coordinates
    elif association is not None:
        location["name"] = association.name
        if association.address:
            location["address"] = {
                "@type": "PostalAddress",
                "streetAddress": association.address.street,
                "postalCode": association.address.postcode,
                "addressLocality": association.address.city,
                "addressCountry": "FR",
            }
        coordinates = association.coordinates
    else:
        coordinates = None
    if coordinates:
        location["geo"] = {"@type": "GeoCoordinates", "latitude": coordinates[0],
                           "longitude": coordinates[1]}  # fmt: skip
    labels, stop, _ = access.of_event(event, association)
    features = access.amenity_features(labels, stop)
    if features:
        location["amenityFeature"] = features
    return location


def _duration(delta: dt.timedelta) -> str:
    """ISO 8601: « PT3H », « PT1H30M », « P2D »."""
    days, seconds = delta.days, delta.seconds
    text = "P" + (f"{days}D" if days else "")
    if seconds:
        hours, minutes = divmod(seconds // 60, 60)
        text += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text if text != "P" else "PT0M"


def schedule(event: Event) -> dict:
    """The whole rule as a schema.org Schedule: its days (« le 1er samedi »
    is byDay Saturday with byMonthWeek 1; a rule counted from the end of the
    month, « le dernier vendredi », is byDay in iCalendar's own words,
    "-1FR", which schema.org accepts), its end (endDate, repeatCount) and the
    sessions it skips (exceptDate)."""
    parts = dict(p.split("=", 1) for p in event.rrule.split(";"))
    start_day = event.start.date() if isinstance(event.start, dt.datetime) else event.start
    data: dict = {
        "@type": "Schedule",
        "repeatFrequency": f"P{parts.get('INTERVAL', '1')}{FREQUENCY[parts['FREQ']]}",
        "scheduleTimezone": event.timezone,
        "startDate": start_day.isoformat(),
    }
    if not event.all_day:
        data["startTime"] = event.start.strftime("%H:%M")
        if event.end is not None:
            data["endTime"] = event.end.strftime("%H:%M")
    if event.all_day:  # the days each session covers
        data["duration"] = _duration((event.end or event.start) - event.start + dt.timedelta(days=1))
    elif event.end is not None:
        data["duration"] = _duration(exact_duration(event))
    bydays = [d for d in parts.get("BYDAY", "").split(",") if d]
    ordinals = {d[:-2] for d in bydays}
    if bydays and ordinals == {""}:
        data["byDay"] = [f"https://schema.org/{DAYS[d]}" for d in bydays]
    elif bydays and all(o.lstrip("+").isdigit() and 1 <= int(o) <= 5 for o in ordinals) and len(ordinals) == 1:
        data["byDay"] = [f"https://schema.org/{DAYS[d[-2:]]}" for d in bydays]
        data["byMonthWeek"] = int(ordinals.pop())
    elif bydays:
        data["byDay"] = bydays  # iCalendar's syntax, as schema.org allows
    for key, name in (("BYMONTHDAY", "byMonthDay"), ("BYMONTH", "byMonth")):
        if key in parts:
            data[name] = [int(v) for v in parts[key].split(",")]
    if "COUNT" in parts:
        data["repeatCount"] = int(parts["COUNT"])
    last = last_session(event)
    if last is not None:
        data["endDate"] = last.isoformat()
    excepted = exceptions(event)
    if excepted:
        data["exceptDate"] = [_iso(v) for v in excepted]
    return data


def last_session(event: Event) -> dt.date | None:
    """The day of the rule's last session, when it has an end."""
    if "COUNT" not in event.rrule and "UNTIL" not in event.rrule:
        return None
    from dateutil.rrule import rrulestr

    rule = rrulestr(rule_for_dateutil(event), dtstart=as_datetime(event.start))
    last = rule[-1] if "COUNT" in event.rrule else rule.before(dt.datetime(9999, 1, 1), inc=True)
    return last.date() if last is not None else None


def exceptions(event: Event) -> list:
    """The sessions the rule skips, as the .ics file's EXDATE names them."""
    return [v if not isinstance(v, dt.datetime) else aware(v.replace(tzinfo=None), event.tz) for v in _exdates(event)]
