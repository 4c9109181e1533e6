"""Bundled sample data and generated organisations, for demos, tests and benchmarks.

Three kinds of sample:

* **Bundled workbooks** (fictional people only), found with :func:`sample_path`:
  ``"partner"``, the influence map of the fictional partner *Northwind Systems* (60
  executives, every column of the workbook format filled), and ``"hr"``, a plain HR
  org-chart export of the same company (3,000 people, Workday-like layout). They are made
  by ``data/make_samples.py`` in the source tree.
* **Real organisations** from the published data sets bundled in ``influence/data/datasets``:
  :func:`krackhardt_map` (21 managers of a high-tech firm) and :func:`lazega_map` (71
  lawyers of a corporate law firm). Their advice ties are reversed into influence: when
  *a* goes to *b* for advice, *b* influences *a*.
* **Synthetic organisations** of any size, :func:`synthetic_organisation` and
  :func:`write_synthetic_workbook`, built with numpy so 100,000 people take seconds; the
  benchmarks and the dashboard's large-map tests use them.

Every map follows the schema of :mod:`influence.graph`.
"""

from __future__ import annotations

import csv
import gc
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from .atomic import write_file_atomic
from .errors import InfluenceError, PersonNotFound
from .graph import (
    add_people, add_person, add_relationship, add_reporting_line, add_reporting_lines, new_map,
)
from .vocabulary import (
    ATTITUDES, REPORTING, RELATIONSHIP_TYPES, STYLES, UnknownValue, parse_attitude,
)

__all__ = [
    "SAMPLES",
    "sample_path",
    "load_sample",
    "krackhardt_map",
    "lazega_map",
    "synthetic_organisation",
    "write_synthetic_workbook",
]

SAMPLES = {
    "partner": "partner_influence_map.xlsx",
    "hr": "hr_org_chart_export.xlsx",
}
"""Names of the bundled workbooks and their file names in ``influence.data``."""


# --- bundled files ----------------------------------------------------------------------

def _data_file(*parts: str) -> Path:
    from importlib.resources import files

    resource = files("influence.data").joinpath(*parts)
    path = Path(str(resource))
    if not path.is_file():
        raise InfluenceError(
            f"the bundled file {'/'.join(parts)} is missing from the installed package; "
            "reinstall influence-map (pip install --force-reinstall influence-map)")
    return path


def sample_path(name: str = "partner") -> Path:
    """The path of a bundled sample workbook.

    Parameters
    ----------
    name : str
        ``"partner"`` (the Northwind Systems influence map, 60 executives) or ``"hr"``
        (the Northwind Systems HR org-chart export, 3,000 people).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InfluenceError
        For a name that is not a bundled sample; the message lists the names.

    Examples
    --------
    >>> sample_path().name
    'partner_influence_map.xlsx'
    >>> sample_path("hr").suffix
    '.xlsx'
    """
    try:
        filename = SAMPLES[str(name).strip().lower()]
    except KeyError:
        raise InfluenceError(
            f"there is no bundled sample called {name!r}; use one of: {', '.join(SAMPLES)}") from None
    return _data_file(filename)


def load_sample(name: str = "partner") -> nx.MultiDiGraph:
    """Read a bundled sample workbook into an influence map.

    Parameters
    ----------
    name : str
        A name of :data:`SAMPLES`, see :func:`sample_path`.

    Returns
    -------
    networkx.MultiDiGraph
        The map as :func:`influence.read_workbook` builds it.

    Examples
    --------
    >>> G = load_sample()
    >>> G.graph["name"], G.number_of_nodes()
    ('Northwind Systems', 60)
    """
    from .importer import read_workbook

    return read_workbook(sample_path(name))


def _dataset_rows(dataset: str, filename: str) -> list[dict[str, str]]:
    with _data_file("datasets", dataset, filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- attitudes --------------------------------------------------------------------------

def _apply_attitudes(G: nx.MultiDiGraph, attitudes: Mapping) -> None:
    """Set attitudes from a mapping of person id -> attitude word (user's words accepted)."""
    for person, word in attitudes.items():
        key = str(person)
        if key not in G:
            raise PersonNotFound(f"{person!r} is not a person of {G.graph['name']}; "
                                 f"use ids {min(G, key=_natural)} … {max(G, key=_natural)}")
        try:
            G.nodes[key]["attitude"] = parse_attitude(word)
        except UnknownValue as err:
            raise InfluenceError(f"attitude of {key}: {err}") from err


def _natural(key: str):
    return (len(key), key)


def _draw(rng, labels, weights: Mapping[str, float], size: int):
    """Draw *size* labels with the given relative weights (the order of *labels* is fixed)."""
    import numpy as np

    p = np.array([weights.get(label, 0.0) for label in labels], dtype=float)
    return [labels[i] for i in rng.choice(len(labels), size=size, p=p / p.sum())]


# Attitudes of the real-data maps: a few allies, a large undecided middle, some resisters.
_LAZEGA_ATTITUDES = {"champion": 0.10, "supporter": 0.20, "neutral": 0.40,
                     "skeptic": 0.15, "opponent": 0.05, "unknown": 0.10}
# A large organisation where our team knows few people: about 15% allies, much unknown.
_SYNTHETIC_ATTITUDES = {"champion": 0.04, "supporter": 0.11, "neutral": 0.35,
                        "skeptic": 0.12, "opponent": 0.03, "unknown": 0.35}


# --- real organisations -----------------------------------------------------------------

def krackhardt_map(*, attitudes: Mapping | None = None) -> nx.MultiDiGraph:
    """Krackhardt's 21 high-tech managers as an influence map.

    Nodes ``"1"`` … ``"21"`` named ``"Manager 1"`` …, titled CEO / Vice President /
    Manager by level, with authority 5 / 4 / 3 and department ``"Department 1"`` … ``4``
    (``"Executive"`` for the CEO); age and tenure are kept in ``extra``. The 20 formal
    reporting lines put manager 7 at the top. Each of the 190 advice arcs *a* -> *b*
    (*a* asks *b* for advice) becomes the relationship *b* -> *a* of type ``advises``
    with no strength. The friendship ties are not used.

    Parameters
    ----------
    attitudes : mapping, optional
        Person id -> attitude word (any word of the attitude scale, e.g. ``"Mentor"``).
        People not named stay ``"unknown"``.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    PersonNotFound
        For an id in *attitudes* that is not one of the 21 managers.

    Examples
    --------
    >>> G = krackhardt_map(attitudes={"7": "supporter"})
    >>> G.number_of_nodes(), G.nodes["7"]["title"], G.nodes["7"]["attitude"]
    (21, 'CEO', 'supporter')
    >>> G.nodes["2"]["manager"], G.has_edge("2", "1", key="advises")
    ('7', True)

    References
    ----------
    Krackhardt, D. (1987). Cognitive social structures. Social Networks 9(2), 109-134.
    """
    G = new_map("Krackhardt's high-tech managers", source="Krackhardt (1987)")
    titles = {1: "CEO", 2: "Vice President", 3: "Manager"}
    for row in _dataset_rows("krackhardt", "attributes.csv"):
        level, dept = int(row["level"]), int(row["dept"])
        add_person(G, row["id"], f"Manager {row['id']}", title=titles[level],
                   department=f"Department {dept}" if dept else "Executive",
                   authority={1: 5, 2: 4, 3: 3}[level],
                   extra={"age": int(row["age"]), "tenure_years": float(row["tenure_years"])})
    for row in _dataset_rows("krackhardt", "edges.csv"):
        if row["relation"] == "reports_to":
            add_reporting_line(G, row["target"], row["source"])
        elif row["relation"] == "advice":
            add_relationship(G, row["target"], row["source"], "advises")
    if attitudes:
        _apply_attitudes(G, attitudes)
    return G


def lazega_map(seed: int = 0, attitudes: str | Mapping | None = "random") -> nx.MultiDiGraph:
    """Lazega's 71 corporate lawyers as an influence map.

    Nodes ``"1"`` … ``"71"`` (seniority rank) named ``"Lawyer 1"`` …, titled Partner or
    Associate (authority 4 or 2), department ``"<practice>, <office>"`` (e.g.
    ``"Litigation, Boston"``); gender, age, years with the firm, office, practice and law
    school are kept in ``extra``. There are no reporting lines. Each of the 892 advice arcs
    *a* -> *b* becomes the relationship *b* -> *a* of type ``advises``.

    Parameters
    ----------
    seed : int
        Seed of the attitude draw.
    attitudes : "random", "unknown", None or mapping
        ``"random"`` draws attitudes with *seed*: 10% champion, 20% supporter, 40% neutral,
        15% skeptic, 5% opponent, 10% unknown. ``"unknown"`` or ``None`` leaves everyone
        unknown; a mapping of person id -> attitude word sets those people.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    PersonNotFound
        For an id in an *attitudes* mapping that is not one of the 71 lawyers.

    Examples
    --------
    >>> G = lazega_map(seed=1)
    >>> G.number_of_nodes(), G.nodes["1"]["title"], G.nodes["1"]["department"]
    (71, 'Partner', 'Litigation, Boston')
    >>> [G.nodes[p]["attitude"] for p in "123"] == [lazega_map(seed=1).nodes[p]["attitude"] for p in "123"]
    True

    References
    ----------
    Lazega, E. (2001). The Collegial Phenomenon. Oxford University Press.
    """
    import numpy as np

    G = new_map("Lazega's law firm", source="Lazega (2001)")
    for row in _dataset_rows("lazega", "attributes.csv"):
        partner = row["status_label"] == "partner"
        add_person(G, row["id_seniority_rank"], f"Lawyer {row['id_seniority_rank']}",
                   title="Partner" if partner else "Associate",
                   department=f"{row['practice_label'].capitalize()}, {row['office_label']}",
                   authority=4 if partner else 2,
                   extra={"gender": row["gender_label"], "age": int(row["age"]),
                          "years_with_firm": int(row["years_with_firm"]),
                          "office": row["office_label"], "practice": row["practice_label"],
                          "law_school": row["law_school_label"]})
    for row in _dataset_rows("lazega", "edges.csv"):
        if row["relation"] == "advice":
            add_relationship(G, row["target"], row["source"], "advises")
    if isinstance(attitudes, str) and attitudes.strip().lower() == "random":
        people = sorted(G, key=_natural)
        drawn = _draw(np.random.default_rng(seed), ATTITUDES, _LAZEGA_ATTITUDES, len(people))
        for person, attitude in zip(people, drawn):
            G.nodes[person]["attitude"] = attitude
    elif isinstance(attitudes, Mapping):
        _apply_attitudes(G, attitudes)
    elif attitudes not in (None, "unknown"):
        raise InfluenceError(f"attitudes={attitudes!r} is not understood; "
                             "use 'random', 'unknown' or a mapping of id -> attitude")
    return G


# --- synthetic organisations ------------------------------------------------------------

# (department, title of its head, span of control (low, high), teams, individual-contributor titles)
_DEPARTMENTS = (
    ("Engineering", "Chief Technology Officer", (6, 9),
     ("Platform Engineering", "Cloud Infrastructure", "Security Engineering", "Data Platform",
      "Mobile Engineering", "Quality Engineering", "Developer Experience",
      "Integrations Engineering", "Core Services"),
     ("Software Engineer", "Senior Software Engineer", "Staff Engineer", "QA Engineer",
      "Site Reliability Engineer", "Data Engineer", "Security Engineer")),
    ("Sales", "Chief Revenue Officer", (6, 8),
     ("Sales EMEA", "Sales Americas", "Sales APAC", "Public Sector Sales", "Enterprise Sales",
      "Commercial Sales", "Sales Operations", "Solutions Consulting"),
     ("Account Executive", "Senior Account Executive", "Sales Development Representative",
      "Solutions Consultant", "Sales Operations Analyst")),
    ("Services", "SVP Customer Services", (6, 8),
     ("Professional Services", "Customer Success", "Support Engineering", "Training",
      "Technical Account Management", "Managed Services", "Customer Operations",
      "Services Delivery"),
     ("Support Engineer", "Customer Success Manager", "Implementation Consultant",
      "Technical Trainer")),
    ("Operations", "Chief Operating Officer", (5, 7),
     ("Business Operations", "IT", "Facilities", "Program Management", "Workplace Services",
      "Security & Risk", "People Operations"),
     ("Operations Analyst", "IT Specialist", "Program Manager", "Facilities Coordinator")),
    ("Product", "Chief Product Officer", (5, 7),
     ("Product Management", "Product Design", "Product Analytics", "Product Operations",
      "Platform Product", "Applications Product", "Pricing & Packaging"),
     ("Product Manager", "Senior Product Manager", "Product Designer", "UX Researcher",
      "Product Analyst")),
    ("Marketing", "Chief Marketing Officer", (4, 6),
     ("Product Marketing", "Demand Generation", "Corporate Communications", "Brand",
      "Partner Marketing", "Marketing Operations"),
     ("Marketing Manager", "Content Strategist", "Marketing Operations Specialist",
      "Communications Specialist")),
    ("Finance", "Chief Financial Officer", (4, 6),
     ("FP&A", "Accounting", "Treasury", "Procurement", "Deal Desk", "Tax"),
     ("Financial Analyst", "Senior Accountant", "Procurement Specialist", "Deal Desk Analyst")),
    ("Alliances", "SVP Alliances & Partnerships", (3, 5),
     ("Strategic Alliances", "Technology Partnerships", "Channel Programs",
      "Cloud Marketplaces", "Partner Operations"),
     ("Partner Manager", "Partner Marketing Manager", "Alliance Analyst")),
    ("Legal", "General Counsel", (3, 5),
     ("Commercial Legal", "IP & Licensing", "Privacy", "Compliance", "Employment Law"),
     ("Counsel", "Paralegal", "Contracts Manager", "Compliance Analyst")),
    ("CEO Office", "Chief of Staff", (3, 4),
     ("Corporate Strategy", "Corporate Development", "Executive Operations", "Internal Audit"),
     ("Strategy Analyst", "Executive Assistant", "Business Analyst")),
)

_LEVEL_TITLES = ("VP {team}", "Director, {team}", "Senior Manager, {team}", "Manager, {team}")
_ROLES_BY_LEVEL = (
    ("decision maker",),
    ("decision maker", "approver"),
    ("approver", "evaluator", "influencer"),
    ("evaluator", "influencer", "gatekeeper"),
    ("influencer", "user", "evaluator"),
)
_LOCATIONS = ("Seattle, WA", "Austin, TX", "Boston, MA", "Toronto, Canada", "Dublin, Ireland",
              "Munich, Germany", "Bangalore, India", "Singapore", "Remote - US")
# Our side: the account and alliance team members who can own a relationship.
_OWNERS = ("Sam Whitaker", "Priya Raman", "Jonas Berg", "Lucia Ferrante", "Grace Liu",
           "Omar Haddad")

_FIRST_NAMES = (
    "Aaliyah", "Abdul", "Adaeze", "Adrian", "Ahmed", "Aiko", "Alejandro", "Alice", "Amara",
    "Amir", "Ana", "Andrea", "Andrew", "Anil", "Anita", "Arjun", "Astrid", "Ayesha", "Beatriz",
    "Benjamin", "Bilal", "Bongani", "Bruno", "Camila", "Carmen", "Catherine", "Chen", "Chidi",
    "Chloe", "Daniel", "Daniela", "David", "Deepa", "Diana", "Dmitri", "Eduardo", "Elena",
    "Elif", "Emeka", "Emily", "Emma", "Erik", "Esther", "Fatima", "Felipe", "Fernando", "Freya",
    "Gabriel", "Grace", "Hana", "Hannah", "Hassan", "Helen", "Hugo", "Ibrahim", "Ines", "Isaac",
    "Isabel", "Ivan", "Jack", "James", "Javier", "Jia", "Joao", "Jordan", "Joseph", "Julia",
    "Kai", "Kamal", "Karen", "Kateryna", "Kavya", "Kenji", "Kofi", "Laila", "Lars", "Laura",
    "Leon", "Liam", "Lina", "Luca", "Lucia", "Mai", "Malik", "Maria", "Mariam", "Mark", "Marta",
    "Mateo", "Maya", "Mehmet", "Mia", "Michael", "Min-jun", "Mohammed", "Nadia", "Naledi",
    "Natalia", "Nikhil", "Nina", "Noah", "Nour", "Oliver", "Olivia", "Omar", "Oscar", "Pablo",
    "Paul", "Pedro", "Priya", "Rafael", "Rahul", "Rania", "Rebecca", "Ricardo", "Rohan", "Rosa",
    "Ruth", "Ryan", "Saanvi", "Samir", "Sara", "Sebastian", "Seo-yeon", "Shreya", "Simon",
    "Sofia", "Sophie", "Stefan", "Sunil", "Tariq", "Thabo", "Thomas", "Tomasz", "Valentina",
    "Victor", "Wei", "William", "Xin", "Yara", "Yusuf", "Zanele", "Zara", "Zoe",
)
_LAST_NAMES = (
    "Abara", "Adeyemi", "Agarwal", "Ahmed", "Alvarez", "Andersen", "Appiah", "Bakker", "Banerjee",
    "Barros", "Becker", "Bianchi", "Bjork", "Boateng", "Brennan", "Brooks", "Campbell", "Carter",
    "Castillo", "Chatterjee", "Chen", "Cho", "Costa", "Cruz", "Dang", "Das", "Delgado", "Demir",
    "Diallo", "Dubois", "Duarte", "Eze", "Fernandes", "Fischer", "Fitzgerald", "Fontaine",
    "Garcia", "Ghosh", "Gomez", "Gupta", "Haddad", "Hansen", "Harris", "Hayashi", "Hernandez",
    "Hoang", "Hughes", "Ibrahim", "Ito", "Jensen", "Johnson", "Kang", "Kaur", "Khan", "Kim",
    "Klein", "Kowalczyk", "Kumar", "Larsen", "Lee", "Lewis", "Li", "Lim", "Lopez", "Lund",
    "Mahlangu", "Marino", "Martin", "Mbeki", "Mehta", "Mendoza", "Meyer", "Moreau", "Morris",
    "Murphy", "Nair", "Nakamura", "Ndlovu", "Nguyen", "Novak", "Nunes", "Obi", "Okonkwo",
    "Olsen", "Ong", "Ortiz", "Ozturk", "Park", "Patel", "Pereira", "Petrov", "Pham", "Popescu",
    "Qureshi", "Ramos", "Reddy", "Reyes", "Richter", "Rivera", "Robinson", "Rodriguez", "Rossi",
    "Saito", "Salazar", "Santos", "Schmidt", "Schultz", "Sharma", "Silva", "Singh", "Sokolov",
    "Suzuki", "Svensson", "Tan", "Taylor", "Thompson", "Torres", "Tran", "Turner", "Vargas",
    "Vasquez", "Verma", "Vogel", "Walker", "Wang", "Watanabe", "Weber", "Wiśniewski", "Wong",
    "Wright", "Wu", "Yamamoto", "Yang", "Yilmaz", "Young", "Zhang", "Zhou", "Zimmermann",
)
_EMAIL_DOMAIN = "northwind.example"  # .example is reserved: no real mailbox can match


def _email_addresses(first: list[str], last: list[str]) -> list[str]:
    """``first.last@domain``, with a number added on a clash, as mail systems do."""
    import unicodedata

    def local(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(c for c in ascii_text.lower() if c.isalnum() or c == "-")

    parts = {name: local(name) for name in {*first, *last}}
    seen: dict[str, int] = {}
    out = []
    for f, l in zip(first, last):
        base = f"{parts[f]}.{parts[l]}"
        count = seen.get(base, 0) + 1
        seen[base] = count
        out.append(f"{base}{count if count > 1 else ''}@{_EMAIL_DOMAIN}")
    return out


def _reporting_tree(n: int, rng):
    """A breadth-first reporting tree of *n* people: parent, level, department, team arrays.

    The CEO (0) has one head per department; below them each manager has a span of control
    drawn from the department's range. People are numbered level by level, so a manager's
    reports are contiguous and always numbered after the manager. When a level would
    overshoot *n*, only some of its people get reports (the others stay individual
    contributors), so spans stay realistic at every size.
    """
    import numpy as np

    span_low = np.array([d[2][0] for d in _DEPARTMENTS])
    span_high = np.array([d[2][1] for d in _DEPARTMENTS])
    n_teams = np.array([len(d[3]) for d in _DEPARTMENTS])
    parent = np.full(n, -1, dtype=np.int64)
    level = np.zeros(n, dtype=np.int64)
    dept = np.zeros(n, dtype=np.int64)
    dept[0] = len(_DEPARTMENTS) - 1  # the CEO belongs to the CEO office
    team = np.full(n, -1, dtype=np.int64)
    heads = min(n - 1, len(_DEPARTMENTS))
    parent[1:1 + heads] = 0
    level[1:1 + heads] = 1
    dept[1:1 + heads] = np.arange(heads)
    start, end = 1, 1 + heads
    while end < n:
        managers = np.arange(start, end)
        spans = rng.integers(span_low[dept[managers]], span_high[dept[managers]] + 1)
        remaining = n - end
        if spans.sum() > remaining:
            # Give reports to a random subset of this level, trimming the last one chosen.
            order = rng.permutation(len(managers))
            reach = np.cumsum(spans[order])
            last = int(np.searchsorted(reach, remaining))
            chosen = np.zeros(len(managers), dtype=bool)
            chosen[order[:last + 1]] = True
            spans = np.where(chosen, spans, 0)
            spans[order[last]] -= reach[last] - remaining
        reports = np.repeat(managers, spans)
        new = slice(end, end + len(reports))
        parent[new] = reports
        level[new] = level[reports] + 1
        dept[new] = dept[reports]
        # Teams are set at VP level (level 2), in turn among a head's VPs from a random
        # first team so sibling VPs differ, and inherited below.
        position = np.arange(len(reports)) - np.repeat(np.cumsum(spans) - spans, spans)
        first_team = np.repeat(rng.integers(0, 1000, len(managers)), spans)
        turn = (position + first_team) % n_teams[dept[new]]
        team[new] = np.where(level[new] == 2, turn, team[reports])
        start, end = end, end + len(reports)
    return parent, level, dept, team


def synthetic_organisation(n: int, *, relationships_per_person: float = 3, seed: int = 0,
                           attitudes: bool = True) -> nx.MultiDiGraph:
    """A realistic synthetic organisation of *n* people, fast enough for 100,000.

    The reporting tree has the CEO at the top, one head per department (Engineering,
    Sales, Services, Operations, Product, Marketing, Finance, Alliances, Legal, CEO Office),
    then VPs, directors, senior managers, managers and team leads with a span of control
    of about 3 to 9 depending on the department, and individual contributors. About
    ``relationships_per_person * n`` relationships are added, most between people close in
    the tree: colleagues with the same manager, a skip-level manager, the same department,
    peers at the same level elsewhere; about 4% are conflicts. Attitudes are drawn with
    *seed* (about 15% allies, a third unknown), authority follows the level (CEO 5, heads
    and VPs 4, directors 3, other managers 2, individual contributors 1), and about three
    in four people at VP level or above have an owner on our side. Node ids are ``"P000001"``
    … with the CEO first; the same *seed* gives the same map.

    Parameters
    ----------
    n : int
        Number of people, at least 1.
    relationships_per_person : float
        Average number of relationships per person (reporting lines not counted).
    seed : int
        Seed of every random choice.
    attitudes : bool
        Draw attitudes; ``False`` leaves everyone ``"unknown"``.

    Returns
    -------
    networkx.MultiDiGraph
        Every node carries all :data:`~influence.graph.PERSON_FIELDS`, ``manager`` and
        ``extra`` (``{"Location": ...}``); every edge has key == ``type``, ``strength``
        and ``notes``.

    Raises
    ------
    ValueError
        If *n* < 1 or *relationships_per_person* < 0.

    Examples
    --------
    >>> G = synthetic_organisation(200, seed=1)
    >>> G.number_of_nodes(), G.nodes["P000001"]["title"], G.nodes["P000001"]["manager"]
    (200, 'Chief Executive Officer', None)
    >>> sum(1 for _, _, k in G.edges(keys=True) if k == "reports to")
    199
    """
    import numpy as np

    n = int(n)
    if n < 1:
        raise ValueError(f"an organisation needs at least 1 person, got n={n}")
    if relationships_per_person < 0:
        raise ValueError(f"relationships_per_person must be >= 0, got {relationships_per_person}")
    rng = np.random.default_rng(seed)
    parent, level, dept, team = _reporting_tree(n, rng)
    reports = np.bincount(parent[1:], minlength=n) if n > 1 else np.zeros(1, dtype=np.int64)
    width = max(6, len(str(n)))
    ids = [f"P{i:0{width}d}" for i in range(1, n + 1)]

    # Person attributes, drawn as whole columns for speed.
    first = [_FIRST_NAMES[i] for i in rng.integers(0, len(_FIRST_NAMES), n)]
    last = [_LAST_NAMES[i] for i in rng.integers(0, len(_LAST_NAMES), n)]
    emails = _email_addresses(first, last)
    manages = reports > 0
    authority = np.select([level == 0, level <= 2, manages & (level == 3), manages], [5, 4, 3, 2], 1)
    influence = np.clip(authority + rng.integers(-1, 2, n), 1, 5)
    attitude = (_draw(rng, ATTITUDES, _SYNTHETIC_ATTITUDES, n) if attitudes
                else ["unknown"] * n)
    style_pick = rng.integers(0, len(STYLES) + 1, n)  # one slot in five: style not known
    role_pick = rng.random(n)
    ic_pick = rng.random(n)
    location = rng.integers(0, len(_LOCATIONS), n)
    owned = (level <= 2) & (rng.random(n) < 0.75)
    owner_pick = rng.integers(0, len(_OWNERS), n)

    # Plain lists: indexing them per person is much faster than indexing numpy arrays.
    level_, dept_, team_, reports_ = level.tolist(), dept.tolist(), team.tolist(), reports.tolist()
    authority_, influence_, style_, owned_ = (authority.tolist(), influence.tolist(),
                                              style_pick.tolist(), owned.tolist())
    role_pick, ic_pick, owner_pick, location = (role_pick.tolist(), ic_pick.tolist(),
                                                owner_pick.tolist(), location.tolist())

    def people():
        for i in range(n):
            lv = level_[i]
            d = _DEPARTMENTS[dept_[i]]
            if lv == 0:
                title = "Chief Executive Officer"
            elif lv == 1:
                title = d[1]
            elif reports_[i] or lv == 2:
                title = (_LEVEL_TITLES[lv - 2] if lv <= 5 else "Team Lead, {team}").format(team=d[3][team_[i]])
            else:
                title = d[4][int(ic_pick[i] * len(d[4]))]
            roles = _ROLES_BY_LEVEL[min(lv, 4)] if reports_[i] or lv <= 2 else ("user",)
            yield ids[i], {
                "name": f"{first[i]} {last[i]}",
                "title": title,
                "department": d[0],
                "email": emails[i],
                "authority": authority_[i],
                "role": roles[int(role_pick[i] * len(roles))],
                "influence": influence_[i] if lv <= 3 else None,
                "attitude": attitude[i],
                "style": STYLES[style_[i]] if style_[i] < len(STYLES) else None,
                "owner": _OWNERS[owner_pick[i]] if owned_[i] else None,
                "extra": {"Location": _LOCATIONS[location[i]]},
            }

    G = new_map(f"Synthetic organisation ({n:,} people)", source=f"synthetic (seed {seed})")
    ties = _synthetic_relationships(parent, level, dept, reports,
                                    round(relationships_per_person * n), rng)
    with _gc_paused():
        add_people(G, people())
        add_reporting_lines(G, zip([ids[p] for p in parent[1:].tolist()], ids[1:]))
        # One add_edge call per tie is about twice as fast as add_edges_from on a MultiDiGraph.
        add_edge = G.add_edge
        for u, v, t, s in zip(*(column.tolist() for column in ties)):
            key = RELATIONSHIP_TYPES[t]
            add_edge(ids[u], ids[v], key, type=key, strength=None if s != s else s,  # NaN: none
                     notes=None)
    return G


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector: building a large map creates millions of
    acyclic dicts, and the collector's repeated full scans would double the build time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()



def _synthetic_relationships(parent, level, dept, reports, m: int, rng):
    """Arrays (source, target, type index, strength or NaN) of *m* distinct relationships."""
    import numpy as np

    n = len(parent)
    empty = np.zeros(0, dtype=np.int64)
    if n < 2 or m <= 0:
        return empty, empty, empty, np.zeros(0)
    size = int(m * 1.3) + 16  # draw extra: self-ties and repeats are dropped below
    src = rng.integers(0, n, size)
    # Reports of a manager are contiguous (breadth-first numbering), so a random colleague
    # with the same manager is first_report[manager] + a random offset.
    first_report = np.full(n, n, dtype=np.int64)
    np.minimum.at(first_report, parent[1:], np.arange(1, n))
    up = np.maximum(parent[src], 0)
    colleague = first_report[up] + (rng.random(size) * reports[up]).astype(np.int64)
    skip_level = np.where(parent[up] >= 0, parent[up], up)
    by_dept = np.argsort(dept, kind="stable")
    dept_start = np.searchsorted(dept[by_dept], np.arange(dept.max() + 1))
    dept_size = np.bincount(dept, minlength=dept.max() + 1)
    same_dept = by_dept[dept_start[dept[src]] + (rng.random(size) * dept_size[dept[src]]).astype(np.int64)]
    level_start = np.searchsorted(level, np.arange(level.max() + 1))  # levels are contiguous
    level_size = np.bincount(level)
    same_level = level_start[level[src]] + (rng.random(size) * level_size[level[src]]).astype(np.int64)
    anyone = rng.integers(0, n, size)
    choice = rng.choice(5, size=size, p=[0.35, 0.15, 0.25, 0.15, 0.10])
    dst = np.choose(choice, [colleague, skip_level, same_dept, same_level, anyone])
    keep = dst != src
    src, dst = src[keep], dst[keep]
    _, first = np.unique(src * n + dst, return_index=True)
    first = np.sort(first)[:m]
    src, dst = src[first], dst[first]
    # influences, advises, trusts, dotted line, conflicts with
    kind = rng.choice(len(RELATIONSHIP_TYPES), size=len(src), p=[0.45, 0.25, 0.18, 0.08, 0.04])
    strength = rng.choice(np.array([np.nan, 0.2, 0.4, 0.6, 0.8, 1.0]), size=len(src),
                          p=[0.15, 0.15, 0.25, 0.25, 0.15, 0.05])
    return src, dst, kind, strength


_PEOPLE_COLUMNS = ("ID", "Name", "Title", "Department", "Reports To", "Email", "Authority",
                   "Role", "Influence", "Attitude", "Style", "Owner", "Notes", "Location")
_RELATIONSHIP_COLUMNS = ("From", "To", "Type", "Strength", "Notes")


def write_synthetic_workbook(path, n: int, seed: int = 0, *,
                             relationships_per_person: float = 3) -> Path:
    """Write :func:`synthetic_organisation` as a workbook in the documented format.

    Sheet ``People`` (ID, Name, Title, Department, Reports To = the manager's id, Email,
    Authority, Role, Influence, Attitude, Style, Owner, Notes, Location) and sheet
    ``Relationships`` (From, To, Type, Strength on the 1-5 scale, Notes). The file is
    written with openpyxl's write-only mode and replaced atomically.

    Parameters
    ----------
    path : str or path-like
        The ``.xlsx`` file to write.
    n, seed, relationships_per_person
        As for :func:`synthetic_organisation`.

    Returns
    -------
    pathlib.Path
        *path*.

    Examples
    --------
    >>> import openpyxl, pathlib, tempfile
    >>> out = write_synthetic_workbook(pathlib.Path(tempfile.mkdtemp()) / "org.xlsx", 50)
    >>> sum(1 for _ in openpyxl.load_workbook(out, read_only=True)["People"].iter_rows())
    51
    """
    from openpyxl import Workbook

    path = Path(path)
    G = synthetic_organisation(n, seed=seed, relationships_per_person=relationships_per_person)
    wb = Workbook(write_only=True)
    people = wb.create_sheet("People")
    people.append(_PEOPLE_COLUMNS)
    for pid, a in G.nodes(data=True):
        people.append((pid, a["name"], a["title"], a["department"], a["manager"], a["email"],
                       a["authority"], a["role"], a["influence"], a["attitude"].capitalize(),
                       a["style"], a["owner"], a["notes"], a["extra"]["Location"]))
    ties = wb.create_sheet("Relationships")
    ties.append(_RELATIONSHIP_COLUMNS)
    for u, v, key, a in G.edges(keys=True, data=True):
        if key != REPORTING:
            strength = None if a["strength"] is None else round(a["strength"] * 5)
            ties.append((u, v, key, strength, a["notes"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_file_atomic(path, wb.save, force=True)

