"""A window title never carries a button's shortcut marker, in either language's style."""
from hypothesis import given, strategies as st

from kjdesk.ui.forms.careful import without_mnemonic

TEXT = st.text(st.characters(blacklist_characters="&()…", blacklist_categories=("Cs", "Zs", "Cc")), min_size=1,
               max_size=12)


@given(TEXT, st.integers(min_value=0, max_value=11), st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
def test_a_title_is_the_label_without_its_marker_or_ellipsis(text, at, key):
    at = at % len(text)
    assert without_mnemonic(text[:at] + "&" + text[at:] + "…") == text        # English style: Bank &approved…
    assert without_mnemonic(f"{text}(&{key})…") == text                        # Chinese style: 银行授信(&A)…


def test_a_literal_ampersand_stays():
    assert without_mnemonic("R&&D loan") == "R&D loan"
