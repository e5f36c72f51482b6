"""Guidance the governance rules are evidence for: where to read it.

Only what the source says is cited (article, section), with the official publication's
address; the rule's own text says what the rule checks.
"""

from __future__ import annotations

from .base import Citation

#: Federal Reserve SR 11-7, *Supervisory Guidance on Model Risk Management* (2011).
SR_11_7 = "https://www.federalreserve.gov/supervisionreg/srletters/sr1107.htm"
#: Regulation (EU) 2024/1689 (AI Act); credit scoring of natural persons is high-risk
#: under Annex III, point 5(b).
AI_ACT = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"
#: EBA Guidelines on loan origination and monitoring (EBA/GL/2020/06).
EBA_LOM = (
    "https://www.eba.europa.eu/regulation-and-policy/credit-risk/"
    "guidelines-on-loan-origination-and-monitoring"
)

_AI_ACT_NAME = {"es": "Reglamento (UE) 2024/1689 de IA", "en": "Regulation (EU) 2024/1689 (AI Act)"}
_ARTICLE = {"es": "artículo", "en": "Article"}


def ai_act(lang: str, article: str, topic: str) -> str:
    """``Reglamento (UE) 2024/1689 de IA, artículo 17(1)(m): <topic>``."""
    return f"{_AI_ACT_NAME[lang]}, {_ARTICLE[lang]} {article}: {topic}"


#: The EBA guidelines' section on the models the governance rules concern, cited alike
#: by every rule that rests on it.
EBA_MODELS = {
    "es": Citation(
        "EBA/GL/2020/06, sección 4.3.4: modelos para evaluar la solvencia y decidir créditos",
        EBA_LOM,
    ),
    "en": Citation(
        "EBA/GL/2020/06, section 4.3.4: models for creditworthiness assessment and "
        "credit decision-making",
        EBA_LOM,
    ),
}
