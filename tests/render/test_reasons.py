"""A reason names each thing shared once: a shared word that a shared tag or entity is called (in
any language, or by an alias) is that tag or entity, not a second thing."""

from __future__ import annotations

from generator.errors import Diagnostics
from generator.load.site import load_content, site_model
from generator.relate import related_map
from generator.relate.index import Reason
from generator.render.views import Views
from tests.conftest import CONTENT


def test_a_word_an_entity_or_tag_is_called_is_not_shared_again():
    site = site_model(load_content(CONTENT, Diagnostics()))
    views = Views(site, related_map(site.articles, site.config.related), "ar")
    # bashar-al-assad is called الأسد by an alias; iran's Arabic label is إيران (entities.yaml,
    # tags.yaml)
    assert "الأسد" in site.entities["bashar-al-assad"].aliases
    assert site.tags["iran"].labels["ar"] == "إيران"
    shared = (
        Reason("tags", ("iran",)),
        Reason("entities", ("bashar-al-assad",)),
        Reason("terms", ("الاسد", "ايران", "دمشق")),  # as a text may write them: folded alike
    )
    kept = views._each_thing_once(shared)
    assert kept == [shared[0], shared[1], Reason("terms", ("دمشق",))]
    assert views._each_thing_once(shared[:2] + (Reason("terms", ("إيران",)),)) == list(shared[:2])
