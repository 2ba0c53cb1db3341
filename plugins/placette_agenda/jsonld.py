"""schema.org Event (JSON-LD) for event pages."""

from __future__ import annotations

import datetime as dt

from placette.events import Event
from placette.recurrence import Occurrence

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
        data["location"] = location
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
    if event.rrule and not event.all_day:
        parts = dict(p.split("=", 1) for p in event.rrule.split(";"))
        schedule = {
            "@type": "Schedule",
            "repeatFrequency": f"P{parts.get('INTERVAL', '1')}{FREQUENCY[parts['FREQ']]}",
            "startTime": event.start.strftime("%H:%M"),
            "scheduleTimezone": event.timezone,
            "startDate": event.start.date().isoformat(),
        }
        if event.end is not None:
            schedule["endTime"] = event.end.strftime("%H:%M")
        days = [DAYS[d[-2:]] for d in parts.get("BYDAY", "").split(",") if d[-2:] in DAYS]
        if days and parts["FREQ"] == "WEEKLY":
            schedule["byDay"] = [f"https://schema.org/{d}" for d in days]
        data["eventSchedule"] = schedule
    return data
