"""Choices of the members' profile: the EEN profile types, partner types, countries and languages."""

from django.utils.translation import gettext_lazy as _


class ItemKind:
    TECHNOLOGY_OFFER = "technology_offer"
    TECHNOLOGY_REQUEST = "technology_request"
    BUSINESS_OFFER = "business_offer"
    BUSINESS_REQUEST = "business_request"
    RD_PARTNER_SEARCH = "rd_partner_search"


# As in the Enterprise Europe Network's partnering profiles.
ITEM_KIND_CHOICES = [
    (ItemKind.TECHNOLOGY_OFFER, _("Technology offer")),
    (ItemKind.TECHNOLOGY_REQUEST, _("Technology request")),
    (ItemKind.BUSINESS_OFFER, _("Business offer")),
    (ItemKind.BUSINESS_REQUEST, _("Business request")),
    (ItemKind.RD_PARTNER_SEARCH, _("R&D partner search")),
]
OFFER_KINDS = frozenset({ItemKind.TECHNOLOGY_OFFER, ItemKind.BUSINESS_OFFER})
NEED_KINDS = frozenset({ItemKind.TECHNOLOGY_REQUEST, ItemKind.BUSINESS_REQUEST, ItemKind.RD_PARTNER_SEARCH})

# The same slugs as directory.Organisation.Type.
PARTNER_TYPE_CHOICES = [
    ("sme", _("SME")),
    ("company", _("Large company")),
    ("research", _("Research institute")),
    ("university", _("University or college")),
    ("public", _("Public body")),
]

# ISO 3166-1 codes of the countries most partners come from; the border region first.
COUNTRY_CHOICES = [
    ("NL", _("Netherlands")),
    ("DE", _("Germany")),
    ("BE", _("Belgium")),
    ("LU", _("Luxembourg")),
    ("FR", _("France")),
    ("DK", _("Denmark")),
    ("AT", _("Austria")),
    ("CH", _("Switzerland")),
    ("PL", _("Poland")),
    ("CZ", _("Czechia")),
    ("SE", _("Sweden")),
    ("FI", _("Finland")),
    ("NO", _("Norway")),
    ("IT", _("Italy")),
    ("ES", _("Spain")),
    ("PT", _("Portugal")),
    ("IE", _("Ireland")),
    ("GB", _("United Kingdom")),
]

SPOKEN_LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("pl", _("Polish")),
    ("da", _("Danish")),
]

# Profile fields whose visibility a member chooses. Descriptions, clusters and concepts live in the public
# directory and follow the organisation's own visibility there.
VISIBILITY_CHOICES = [
    ("offers", _("What we offer")),
    ("needs", _("What we need")),
    ("partner_types", _("Partner types sought")),
    ("countries", _("Preferred countries")),
    ("regions", _("Preferred regions")),
    ("languages", _("Languages spoken")),
]
VISIBILITY_FIELDS = [name for name, _label in VISIBILITY_CHOICES]
DEFAULT_PUBLIC_FIELDS = ["offers", "needs", "partner_types", "languages"]
