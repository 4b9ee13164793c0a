"""Small model factories for the directory's page, API, filter and map tests."""

import datetime

import factory

from directory.models import (
    Concept,
    Identifier,
    Organisation,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
    Participation,
    Project,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example Organisation {n}")
    slug = factory.Sequence(lambda n: f"example-organisation-{n}")
    type = Organisation.Type.COMPANY
    country = "NL"
    region = "NL213"
    city = "Enschede"
    latitude = 52.22
    longitude = 6.89
    is_public = True


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concept
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"concept_{n}")
    cluster = "battery_hydrogen"
    label_en = factory.LazyAttribute(lambda o: o.slug.replace("_", " ").capitalize())
    label_nl = factory.LazyAttribute(lambda o: f"{o.label_en} (nl)")
    label_de = factory.LazyAttribute(lambda o: f"{o.label_en} (de)")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    source_id = factory.Sequence(lambda n: f"HE:{100000 + n}")
    framework = Project.Framework.HORIZON
    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    title = factory.Sequence(lambda n: f"Example project {n}")
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2027, 12, 31)


def tag_cluster(organisation, cluster, *, rejected=False):
    return OrganisationCluster.objects.create(organisation=organisation, cluster=cluster, rejected=rejected)


def tag_concept(organisation, concept, *, confidence=0.9, rejected=False):
    return OrganisationConcept.objects.create(
        organisation=organisation, concept=concept, confidence=confidence, rejected=rejected
    )


def describe(organisation, language, text):
    return OrganisationDescription.objects.create(organisation=organisation, language=language, text=text)


def participate(organisation, project, role=Participation.Role.PARTICIPANT):
    return Participation.objects.create(organisation=organisation, project=project, role=role)


def identify(organisation, scheme, value):
    return Identifier.objects.create(organisation=organisation, scheme=scheme, value=value)
