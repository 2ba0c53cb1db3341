"""schema.org Organization for search engines (JSON-LD)."""

from __future__ import annotations

from placette.model import access
from placette.model.card import Association
from placette.model.hours import DAYS, SCHEMA_DAYS


def organization(a: Association, siteurl: str, url: str, logo: dict | None) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": a.name,
        "description": a.summary,
    }
    if siteurl:
        data["url"] = f"{siteurl}/{url}"
        if logo:
            data["logo"] = f"{siteurl}/{logo['url']}"
    if a.phone:
        data["telephone"] = "+33 " + a.phone[1:]
    if a.email:
        data["email"] = a.email
    if a.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(x for x in (a.address.street, a.address.extra) if x),
            "postalCode": a.address.postcode,
            "addressLocality": a.address.city,
            "addressCountry": "FR",
        }
    place: dict = {"@type": "Place"}
    if a.coordinates:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": a.coordinates[0], "longitude": a.coordinates[1]}
    features = access.amenity_features(a.accessibility, a.stop)
    if features:  # what a visitor with a disability needs to know about the place
        place["amenityFeature"] = features
    if len(place) > 1:
        data["location"] = place
    same_as = [link for _, link in a.social]
    if a.website:
        same_as.insert(0, a.website)
    if same_as:
        data["sameAs"] = same_as
    specs = []
    for day in a.hours:
        for r in day.ranges:
            specs.append({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[DAYS.index(day.name)]}",
                "opens": r.start, "closes": r.end,
            })  # fmt: skip
    if specs:
        data["openingHoursSpecification"] = specs
    return data
