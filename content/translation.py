"""Translate pages and snippets through wagtail-localize, as an editor would in the admin.

Sample data and tests use this to create real wagtail-localize translations: a
`Translation` record per target locale, a `StringTranslation` per translated segment,
then `save_target`, so "sync" and PO download/upload work on them afterwards.
"""

from collections.abc import Mapping

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


@transaction.atomic
def translation_apply(
    *,
    instance,
    strings_by_language: Mapping[str, Mapping[str, str]],
    user=None,
    publish: bool = True,
):
    """Create or update the translations of `instance`.

    `strings_by_language` maps a language code to {source text: translated text}. Source
    segments without an entry stay untranslated (wagtail-localize shows the source text).
    Returns {language code: translated instance}.
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
    results = {}
    for language_code, strings in strings_by_language.items():
        locale = Locale.objects.get(language_code=language_code)
        if locale == source.locale:
            continue
        translation, _ = Translation.objects.update_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        for segment in segments:
            text = strings.get(segment.string.data)
            if not text:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
        translation.save_target(user=user, publish=publish)
        results[language_code] = translation.get_target_instance()
    return results
