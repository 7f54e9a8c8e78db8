"""Every page renders from the store; untrusted text comes out escaped."""

from __future__ import annotations

import pytest

PAGES = ["/", "/documents", "/documents/kasachstan", "/documents/hostile", "/entities",
         "/quotes", "/events", "/timeline", "/graph", "/search?q=Kasachstan",
         "/api/docs"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_pages_render(client, path, lang):
    answer = client.get(path, params={"lang": lang})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in answer.text


def test_pages_reference_article_has_its_layers_highlighted(client):
    html = client.get("/documents/kasachstan").text
    for marker in ['class="s" id="s0"', "ent ent-PER", 'class="time time-DATE"', "qty qty-",
                   "quote quote-direct", 'class="cue"', "2024-11-27"]:  # fmt: skip
        assert marker in html, marker
    assert 'href="/entities/K' in html


def test_pages_hostile_article_is_escaped(client):
    html = client.get("/documents/hostile").text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_security_headers(client):
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_pages_unknown_document_is_a_404_page(client):
    answer = client.get("/documents/does-not-exist")
    assert answer.status_code == 404 and "<html" in answer.text


def test_pages_locales_have_the_same_keys():
    from lagebild.web.i18n import messages

    assert messages("de").keys() == messages("en").keys()
