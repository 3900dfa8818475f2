"""The classification the simulated prefecture returns (ACTES 7-2, `RetourClassification`, domain §3.3).

Each prefecture's own file is the authority for its labels; this default tree is built from public material:
- natures: domain §3.2 (codes, abbreviations, labels);
- matters: the 9 top-level matters of domain §3.3 and the second level of the national nomenclature as a
  RetourClassification of libriciel/s2low's fixtures lists it (test/PHPUnit/class/fixtures/classification.xml),
  accents restored; paths are strings, so 7.1 and 7.10 are distinct;
- attachment types: the generic `99_<XX>` codes (two digits, '_', two characters; 99 = not tied to a matter)
  found in libriciel/s2low's fixture (99_DE, 99_AR, 99_AI, 99_AU) and in the Mégalis Bretagne open-data
  publication code (99_DE délibération, 99_AT arrêtés temporaires, 99_AI, 99_CO contrats conventions avenants,
  99_BU budget, 99_AU autres); the labels are the simulator's wording.
"""

import re

NATURES = [
    {"code": "1", "abbrev": "DE", "label": "Délibérations",
     "attachmentTypes": [{"code": "99_DE", "label": "Délibération"}]},
    {"code": "2", "abbrev": "AR", "label": "Actes réglementaires",
     "attachmentTypes": [{"code": "99_AR", "label": "Acte réglementaire"},
                         {"code": "99_AT", "label": "Arrêté temporaire"}]},
    {"code": "3", "abbrev": "AI", "label": "Actes individuels",
     "attachmentTypes": [{"code": "99_AI", "label": "Acte individuel"}]},
    {"code": "4", "abbrev": "CC", "label": "Contrats, conventions et avenants",
     "attachmentTypes": [{"code": "99_CO", "label": "Contrat, convention et avenant"}]},
    {"code": "5", "abbrev": "BF", "label": "Documents budgétaires et financiers",
     "attachmentTypes": [{"code": "99_BU", "label": "Document budgétaire et financier"}]},
    {"code": "6", "abbrev": "AU", "label": "Autres",
     "attachmentTypes": [{"code": "99_AU", "label": "Autre document"}]},
]

_TREE = [
    ("1", "Commande publique", [
        "Marchés publics", "Délégation de service public", "Conventions de mandat", "Autres types de contrats",
        "Transactions / protocole d'accord transactionnel", "Actes relatifs à la maîtrise d'oeuvre",
        "Actes spéciaux et divers"]),
    ("2", "Urbanisme", [
        "Documents d'urbanisme", "Actes relatifs au droit d'occupation ou d'utilisation des sols",
        "Droit de préemption urbain"]),
    ("3", "Domaine et patrimoine", [
        "Acquisitions", "Aliénations", "Locations", "Limites territoriales",
        "Autres actes de gestion du domaine public", "Autres actes de gestion du domaine privé"]),
    ("4", "Fonction publique", [
        "Personnel titulaires et stagiaires de la F.P.T.", "Personnel contractuel",
        "Fonction publique hospitalière", "Autres catégories de personnels", "Régime indemnitaire"]),
    ("5", "Institutions et vie politique", [
        "Élection exécutif", "Fonctionnement des assemblées", "Désignation de représentants",
        "Délégation de fonctions", "Délégation de signature", "Exercice des mandats locaux", "Intercommunalité",
        "Décision d'ester en justice"]),
    ("6", "Libertés publiques et pouvoirs de police", [
        "Police municipale", "Pouvoir du président du conseil général",
        "Pouvoir du président du conseil régional", "Autres actes réglementaires",
        "Actes pris au nom de l'État et soumis au contrôle hiérarchique"]),
    ("7", "Finances locales", [
        "Décisions budgétaires", "Fiscalité", "Emprunts", "Interventions économiques", "Subventions",
        "Contributions budgétaires", "Avances", "Fonds de concours", "Prise de participation (SEM, etc.)",
        "Divers"]),
    ("8", "Domaines de compétences par thèmes", [
        "Enseignement", "Aide sociale", "Voirie", "Aménagement du territoire",
        "Politique de la ville-habitat-logement", "Emploi-formation professionnelle", "Transports",
        "Environnement", "Culture"]),
    ("9", "Autres domaines de compétences", [
        "Autres domaines de compétences des communes", "Autres domaines de compétences des départements",
        "Autres domaines de compétences des régions", "Voeux et motions"]),
]

# Flattened, every level, parents before children: 1, 1.1 … 1.7, 2, 2.1 …, 7.1 … 7.9, 7.10, …
MATTERS = [entry for code, label, children in _TREE
           for entry in [{"path": code, "label": label}]
           + [{"path": f"{code}.{n}", "label": child} for n, child in enumerate(children, 1)]]

DEFAULT_DATE = "2026-01-15"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def classification_date(settings):
    """The control file's `classificationDate` when it is a YYYY-MM-DD date, else the default."""
    value = settings.get("classificationDate")
    return value if isinstance(value, str) and _DATE.match(value) else DEFAULT_DATE


def returned_file_name(departement, siren):
    """`{DDD}-{SIREN}----7-2.xml`, the name of the RetourClassification file."""
    return f"{departement}-{siren}----7-2.xml"
