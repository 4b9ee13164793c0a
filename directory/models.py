"""The organisation directory: organisations, their identifiers and provenance, EU projects, the concept taxonomy
and the tags that link organisations to clusters and concepts.

Clusters are not a model: they are the four slugs in `directory.clusters`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .clusters import CLUSTER_CHOICES, CLUSTER_LABELS
from .regions import region_name

LANGUAGE_CHOICES = [("en", _("English")), ("nl", _("Dutch")), ("de", _("German"))]
LANGUAGE_CODES = [code for code, _label in LANGUAGE_CHOICES]


class Source(models.TextChoices):
    """Where a value came from."""

    CORDIS = "cordis", _("CORDIS")
    ROR = "ror", _("ROR")
    CSV = "csv", _("Staff CSV import")
    STAFF = "staff", _("Staff")
    AUTOMATIC = "automatic", _("Automatic")


class TagSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    STAFF = "staff", _("Staff")


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def in_clusters(self, slugs):
        """Organisations tagged (and not rejected) with any of the cluster slugs."""
        return self.filter(
            pk__in=OrganisationCluster.objects.filter(cluster__in=list(slugs), rejected=False).values("organisation_id")
        )

    def with_concepts(self, slugs):
        """Organisations tagged (and not rejected) with any of the concept slugs."""
        return self.filter(
            pk__in=OrganisationConcept.objects.filter(concept__slug__in=list(slugs), rejected=False).values(
                "organisation_id"
            )
        )


class Organisation(ClusterableModel):
    class Type(models.TextChoices):
        SME = "sme", _("SME")
        COMPANY = "company", _("Company")
        UNIVERSITY = "university", _("University or college")
        RESEARCH = "research", _("Research institute")
        PUBLIC = "public", _("Public body")
        NETWORK = "network", _("Network or cluster organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    legal_form = models.CharField(_("legal form"), max_length=60, blank=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.OTHER)
    sme = models.BooleanField(_("SME"), null=True, blank=True, help_text=_("Empty when unknown."))
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 code, e.g. NL or DE."))
    region = models.CharField(
        _("region"), max_length=10, blank=True, help_text=_("NUTS code, e.g. NL21 (Overijssel) or DEA3 (Münster).")
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("public e-mail address"), blank=True)
    phone = models.CharField(_("public telephone number"), max_length=40, blank=True)
    is_public = models.BooleanField(
        _("shown in the public directory"),
        default=True,
        help_text=_("Records known only by an EU participant code, without a name, are not shown."),
    )
    concepts = models.ManyToManyField(
        "Concept", through="OrganisationConcept", related_name="organisations", verbose_name=_("concepts")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["country", "city"]),
            models.Index(fields=["region"]),
            models.Index(fields=["type"]),
            models.Index(fields=["is_public", "name"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse("directory:organisation_detail", kwargs={"slug": self.slug})
        except NoReverseMatch:
            return ""

    @property
    def region_name(self) -> str:
        return region_name(self.region)

    @property
    def location(self) -> dict | None:
        if self.latitude is None or self.longitude is None:
            return None
        return {"lat": self.latitude, "lon": self.longitude}

    def active_cluster_slugs(self) -> list[str]:
        return sorted(t.cluster for t in self.cluster_tags.all() if not t.rejected)

    def description_for(self, language: str | None = None) -> str:
        """The description in `language` (default: the active one), else any other, else ""."""
        return pick_description([(d.language, d.text) for d in self.descriptions.all()], language)


def pick_description(descriptions: list[tuple[str, str]], language: str | None = None) -> str:
    """Of (language, text) pairs in language order: the text in `language` (default: the active one), else in
    English, Dutch or German, else ""."""
    language = (language or get_language() or "en")[:2]
    for wanted in [language, "en", "nl", "de"]:
        for code, text in descriptions:
            if code == wanted and text:
                return text
    return ""


class OrganisationAlias(models.Model):
    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=300)
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("Empty when unknown."))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.STAFF)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="directory_alias_unique")]

    def __str__(self):
        return self.name


class OrganisationDescription(models.Model):
    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="descriptions", verbose_name=_("organisation")
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    text = models.TextField(_("text"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.STAFF)

    class Meta:
        verbose_name = _("description")
        verbose_name_plural = _("descriptions")
        ordering = ["language", "pk"]

    def __str__(self):
        return f"{self.get_language_display()}: {self.text[:60]}"


class Identifier(models.Model):
    class Scheme(models.TextChoices):
        PIC = "pic", _("EU participant identification code (PIC)")
        ROR = "ror", _("ROR id")
        VAT = "vat", _("VAT number")
        KVK = "kvk", _("KvK number (Dutch chamber of commerce)")
        HRB = "hrb", _("Handelsregister number (German commercial register)")
        OTHER = "other", _("Other")

    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="identifiers", verbose_name=_("organisation")
    )
    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices)
    value = models.CharField(_("value"), max_length=200)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.STAFF)

    class Meta:
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        ordering = ["scheme", "value"]
        constraints = [models.UniqueConstraint(fields=["scheme", "value"], name="directory_identifier_unique")]

    def __str__(self):
        return f"{self.scheme}:{self.value}"


class FieldProvenance(models.Model):
    """Which source supplied the current value of one field of an organisation, and when."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="provenance", verbose_name=_("organisation")
    )
    field = models.CharField(_("field"), max_length=40)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_record = models.CharField(_("source record"), max_length=200, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved"))

    class Meta:
        verbose_name = _("field provenance")
        verbose_name_plural = _("field provenance")
        ordering = ["field"]
        constraints = [models.UniqueConstraint(fields=["organisation", "field"], name="directory_provenance_unique")]

    def __str__(self):
        return f"{self.field} ← {self.source}"


class Project(models.Model):
    class Framework(models.TextChoices):
        H2020 = "H2020", _("Horizon 2020")
        HORIZON = "HORIZON", _("Horizon Europe")
        OTHER = "OTHER", _("Other")

    source_id = models.CharField(
        _("source id"), max_length=40, unique=True, help_text=_("H2020-rcn:<record number> or HE:<grant id>.")
    )
    framework = models.CharField(_("framework programme"), max_length=10, choices=Framework.choices)
    grant_id = models.CharField(_("grant agreement"), max_length=20, blank=True)
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    objective = models.TextField(_("objective"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    programme = models.CharField(_("programme part"), max_length=60, blank=True)
    programme_label = models.CharField(_("programme"), max_length=200, blank=True)
    funding_scheme = models.CharField(_("funding scheme"), max_length=60, blank=True)
    topics = models.TextField(_("topics"), blank=True)
    fields_of_science = models.TextField(
        _("fields of science"), blank=True, help_text=_("EuroSciVoc paths, separated by semicolons.")
    )
    total_cost = models.DecimalField(_("total cost (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True)
    ec_contribution = models.DecimalField(
        _("EU contribution (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    organisations = models.ManyToManyField(
        Organisation, through="Participation", related_name="projects", verbose_name=_("organisations")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "acronym"]
        indexes = [models.Index(fields=["framework", "start_date"])]

    def __str__(self):
        return self.acronym or self.title or self.source_id

    @property
    def display_title(self) -> str:
        return self.title or self.acronym or self.programme_label or self.source_id

    def fields_of_science_list(self) -> list[str]:
        return [path.strip() for path in self.fields_of_science.split(";") if path.strip()]


class Participation(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        PARTICIPANT = "participant", _("Participant")
        PARTNER = "partner", _("Partner")
        ASSOCIATED = "associatedPartner", _("Associated partner")
        THIRD_PARTY = "thirdParty", _("Third party")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="participations", verbose_name=_("organisation")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("project")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    ec_contribution = models.DecimalField(
        _("EU contribution (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["project", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="directory_participation_unique")
        ]

    def __str__(self):
        return f"{self.organisation} – {self.project}"


class Concept(models.Model):
    """A technology or application concept, with labels and synonyms in the three languages."""

    class Kind(models.TextChoices):
        CONCEPT = "concept", _("Cluster concept")
        KET = "ket", _("Key enabling technology")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CONCEPT)
    cluster = models.CharField(
        _("cluster"),
        max_length=40,
        choices=CLUSTER_CHOICES,
        blank=True,
        help_text=_("Empty for key enabling technologies that serve every cluster."),
    )
    group = models.CharField(
        _("technology group"),
        max_length=40,
        blank=True,
        help_text=_("For key enabling technologies: the group slug, e.g. photonics or sensors."),
    )
    broader = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader concept"),
    )
    label_en = models.CharField(_("label (English)"), max_length=150)
    label_nl = models.CharField(_("label (Dutch)"), max_length=150)
    label_de = models.CharField(_("label (German)"), max_length=150)
    synonyms_en = models.TextField(_("synonyms (English)"), blank=True, help_text=_("One per line."))
    synonyms_nl = models.TextField(_("synonyms (Dutch)"), blank=True, help_text=_("One per line."))
    synonyms_de = models.TextField(_("synonyms (German)"), blank=True, help_text=_("One per line."))
    keywords = models.TextField(
        _("tagging keywords"),
        blank=True,
        help_text=_("Lower-case English phrases, one per line; each matches at the start of a word in project texts."),
    )
    edited_by_staff = models.BooleanField(
        _("edited by staff"),
        default=False,
        help_text=_("Loading the taxonomy file does not overwrite concepts that staff have edited."),
    )

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["cluster", "label_en"]

    def __str__(self):
        return self.label()

    def label(self, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        return getattr(self, f"label_{language}", "") or self.label_en

    def synonyms(self, language: str) -> list[str]:
        text = getattr(self, f"synonyms_{language}", "") or ""
        return [line.strip() for line in text.replace(";", "\n").splitlines() if line.strip()]

    def all_terms(self) -> list[str]:
        """Every label and synonym in en, nl and de, without duplicates, in a stable order."""
        terms: list[str] = []
        for language in LANGUAGE_CODES:
            for term in [getattr(self, f"label_{language}"), *self.synonyms(language)]:
                if term and term not in terms:
                    terms.append(term)
        return terms

    @property
    def cluster_label(self):
        return CLUSTER_LABELS.get(self.cluster, "")


class TagQuerySet(models.QuerySet):
    def active(self):
        return self.filter(rejected=False)


class OrganisationCluster(models.Model):
    """An organisation's membership of one of the four clusters.

    Staff tags (source=staff) are never changed by automatic tagging; `rejected` records that staff removed a tag
    so that automatic tagging does not add it again.
    """

    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="cluster_tags", verbose_name=_("organisation")
    )
    cluster = models.CharField(_("cluster"), max_length=40, choices=CLUSTER_CHOICES)
    confidence = models.FloatField(_("confidence"), default=1.0)
    source = models.CharField(_("source"), max_length=10, choices=TagSource.choices, default=TagSource.AUTOMATIC)
    rejected = models.BooleanField(
        _("rejected by staff"), default=False, help_text=_("Hidden, and never added again automatically.")
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("cluster tag")
        verbose_name_plural = _("cluster tags")
        ordering = ["cluster"]
        constraints = [models.UniqueConstraint(fields=["organisation", "cluster"], name="directory_org_cluster_unique")]
        indexes = [models.Index(fields=["cluster", "rejected"])]

    def __str__(self):
        return f"{self.organisation} – {self.get_cluster_display()}"


class OrganisationConcept(models.Model):
    organisation = ParentalKey(
        Organisation, on_delete=models.CASCADE, related_name="concept_tags", verbose_name=_("organisation")
    )
    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="organisation_tags", verbose_name=_("concept")
    )
    confidence = models.FloatField(_("confidence"), default=1.0)
    source = models.CharField(_("source"), max_length=10, choices=TagSource.choices, default=TagSource.AUTOMATIC)
    rejected = models.BooleanField(
        _("rejected by staff"), default=False, help_text=_("Hidden, and never added again automatically.")
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("concept tag")
        verbose_name_plural = _("concept tags")
        ordering = ["concept"]
        constraints = [models.UniqueConstraint(fields=["organisation", "concept"], name="directory_org_concept_unique")]

    def __str__(self):
        return f"{self.organisation} – {self.concept}"


class MergeCandidate(models.Model):
    """A pair of organisations that may be the same, waiting for staff to merge them or keep them apart."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        MERGED = "merged", _("Merged")
        KEPT_APART = "kept_apart", _("Kept apart")

    organisation_a = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        related_name="merge_candidates_a",
        verbose_name=_("organisation A"),
        null=True,
    )
    organisation_b = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        related_name="merge_candidates_b",
        verbose_name=_("organisation B"),
        null=True,
    )
    name_a = models.CharField(_("name A"), max_length=300, blank=True)
    name_b = models.CharField(_("name B"), max_length=300, blank=True)
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("merge candidate")
        verbose_name_plural = _("merge candidates")
        ordering = ["status", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_a", "organisation_b"], name="directory_merge_candidate_unique"
            ),
            models.CheckConstraint(
                condition=~Q(organisation_a=models.F("organisation_b")), name="directory_merge_candidate_distinct"
            ),
        ]

    def __str__(self):
        return f"{self.name_a or self.organisation_a_id} ↔ {self.name_b or self.organisation_b_id}"


class ImportRun(models.Model):
    """One run of the organisation importer, with its report."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    file_name = models.CharField(_("file"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    report = models.TextField(_("report"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.get_source_display()} {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"
