"""Make the bundled sample workbooks (fictional people only).

Run from the project root to rebuild both files::

    python data/make_samples.py

It writes, next to this script:

* ``partner_influence_map.xlsx``: the influence map an alliance team keeps of its partner,
  the fictional *Northwind Systems*: 60 executives with every column of the workbook format
  filled, about 180 relationships and a README sheet. The executives, their attitudes and
  the story ties are written out below by hand; the everyday ties between them are drawn
  with a fixed seed.
* ``hr_org_chart_export.xlsx``: the same company's HR org-chart export (3,000 people) in
  a Workday-like layout with no annotations. The 60 executives sit at the top of it; the
  rest of the organisation is grown below them with a fixed seed.

Everything is deterministic: the same script gives the same cell values (only the
file-modified stamp inside the xlsx changes). Names, e-mail addresses (on the reserved
``.example`` domain) and notes are invented; any likeness to real people is coincidence.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from influence.atomic import write_file_atomic
from influence.samples import (
    _DEPARTMENTS, _FIRST_NAMES, _LAST_NAMES, _LOCATIONS, _email_addresses,
)

__all__ = ["PARTNER", "EXECUTIVES", "STORY_TIES", "PEOPLE_HEADERS", "PEOPLE_HEADER_ROW",
           "RELATIONSHIP_HEADERS", "HR_HEADERS", "write_partner_map", "write_hr_export", "main"]

HERE = Path(__file__).resolve().parent
PARTNER = "Northwind Systems"
SEED = 2026
REVIEW_DATE = dt.date(2026, 10, 1)  # the day the HR export was taken

# --- the executives ---------------------------------------------------------------------
# id, name, title, department, reports to (id, or the manager's name as real sheets often
# have), authority, role, influence, attitude (the team's own words), style, owner (our
# side; blank = nobody holds the relationship), location, last reviewed, notes,
# and the team name the HR system uses for the person's organisation.
EXECUTIVES = [
    # CEO office: a neutral CEO, a gatekeeping chief of staff, our best coach in strategy.
    ("NW001", "Margaret Okafor", "Chief Executive Officer", "CEO Office", None, 5, "decision maker", 5, "Even keel", "Driver", "Lucia Ferrante", "Seattle, WA", "2026-09-14",
     "Final say on joint initiatives above $5M. Asks one question: does the alliance grow revenue faster than building it ourselves?", "Office of the CEO"),
    ("NW002", "Tobias Reinholt", "Chief of Staff", "CEO Office", "NW001", 3, "gatekeeper", 4, "Neutral", "Analytical", "Sam Whitaker", "Seattle, WA", "2026-09-14",
     "Sets the exec staff agenda; an item gets twenty minutes only if Tobias thinks it is ready.", "Executive Operations"),
    ("NW003", "Amara Nwosu", "Director, Corporate Strategy", "CEO Office", "Margaret Okafor", 3, "coach", 4, "Mentor", "Expressive", "Sam Whitaker", "Seattle, WA", "2026-09-02",
     "Wrote the ecosystem study that recommended the alliance. Our coach: tells us how exec staff reads each proposal.", "Corporate Strategy"),
    ("NW004", "Hiroshi Tanaka", "VP Corporate Development", "CEO Office", "NW001", 4, "evaluator", 3, "Neutral", "Analytical", "Lucia Ferrante", "Boston, MA", "2026-07-21",
     "Weighs build, buy or partner. Sees us as a possible acquisition target as much as a partner.", "Corporate Development"),
    # Sales: a supportive CRO, a champion in EMEA, a skeptical Americas VP, a new APAC VP nobody knows.
    ("NW010", "Diego Alvarez", "Chief Revenue Officer", "Sales", "NW001", 5, "approver", 5, "Supporter", "Driver", "Priya Raman", "Austin, TX", "2026-09-10",
     "Wants the joint offer in his FY27 number; supportive as long as it does not cannibalise direct deals.", "Global Sales"),
    ("NW011", "Fiona MacLeod", "VP Sales, EMEA", "Sales", "NW010", 4, "influencer", 4, "Champion", "Expressive", "Priya Raman", "Dublin, Ireland", "2026-09-10",
     "Closed the first two joint deals in Germany and tells the story at every QBR.", "Sales EMEA"),
    ("NW012", "Marcus Bell", "VP Sales, Americas", "Sales", "NW010", 4, "approver", 4, "Skeptic", "Driver", "Priya Raman", "Austin, TX", "2026-08-28",
     "Fears channel conflict with his direct reps; the comp plan gives no credit for co-sell.", "Sales Americas"),
    ("NW013", "Mei Lin Chow", "VP Sales, APAC", "Sales", "Diego Alvarez", 4, "influencer", 3, None, None, None, "Singapore", "2026-06-30",
     "Joined in June from a competitor; nobody on our side has met her.", "Sales APAC"),
    ("NW014", "Samuel Adeyemi", "Director, Sales Operations", "Sales", "NW010", 3, "gatekeeper", 3, "Neutral", "Analytical", "Omar Haddad", "Austin, TX", "2026-08-12",
     "Owns the CRM and the deal-registration rules that decide who gets credit for a co-sell deal.", "Sales Operations"),
    ("NW015", "Katarzyna Nowak", "Director, Enterprise Sales DACH", "Sales", "NW011", 3, "user", 3, "Supporter", "Driver", "Priya Raman", "Munich, Germany", "2026-09-10",
     "Her team sold both joint deals; asking for more co-sell plays.", "Enterprise Sales DACH"),
    ("NW016", "Ryan O'Connell", "Director, Enterprise Sales East", "Sales", "NW012", 3, "user", 2, "Neutral", "Expressive", None, "Boston, MA", "2026-05-19",
     "Follows Marcus's lead; would move if a peer region shows results.", "Enterprise Sales East"),
    ("NW017", "Aisha Rahman", "Director, Solutions Consulting", "Sales", "NW010", 3, "evaluator", 4, "Supporter", "Analytical", "Jonas Berg", "Austin, TX", "2026-08-28",
     "Her solution engineers would demo the joint solution; asking for a shared sandbox.", "Solutions Consulting"),
    ("NW018", "Lukas Hoffmann", "Senior Manager, Public Sector Sales", "Sales", "NW012", 2, "user", 2, "?", "Amiable", None, "Boston, MA", "2026-04-07",
     "Public-sector deals need our FedRAMP status; not discussed yet.", "Public Sector Sales"),
    # Alliances: the champion who wants to sponsor the initiative, and her team.
    ("NW020", "Elena Petrova", "VP Alliances & Partnerships", "Alliances", "NW010", 4, "influencer", 5, "Champion", "Expressive", "Sam Whitaker", "Seattle, WA", "2026-09-15",
     "Pitched the joint initiative to exec staff and wants to sponsor it. Needs a business case the CFO will accept.", "Alliances & Partnerships"),
    ("NW021", "Jamal Whitfield", "Director, Strategic Alliances", "Alliances", "NW020", 3, "coach", 4, "Mentor", "Amiable", "Sam Whitaker", "Seattle, WA", "2026-09-15",
     "Day-to-day counterpart; tells us candidly how exec staff feels about us.", "Strategic Alliances"),
    ("NW022", "Sofia Lindgren", "Director, Technology Partnerships", "Alliances", "NW020", 3, "evaluator", 3, "Supporter", "Analytical", "Jonas Berg", "Toronto, Canada", "2026-08-20",
     "Runs partner certification; pushing for a joint reference architecture.", "Technology Partnerships"),
    ("NW023", "Carlos Mendes", "Senior Manager, Channel Programs", "Alliances", "NW021", 2, "user", 2, "Neutral", "Amiable", "Grace Liu", "Austin, TX", "2026-07-08",
     "Worries the alliance adds work to a programme already short of people.", "Channel Programs"),
    ("NW024", "Nadia Karimi", "Manager, Partner Marketing", "Alliances", "Sofia Lindgren", 2, "user", 2, "Even keel", "Expressive", "Grace Liu", "Toronto, Canada", "2026-07-08",
     "Helpful on the launch plan but waits for a budget decision before committing.", "Partner Marketing"),
    # Product: a data-driven CPO who decides the roadmap, a champion who wrote the PRD.
    ("NW030", "Rajesh Iyer", "Chief Product Officer", "Product", "NW001", 5, "decision maker", 5, "Neutral", "Analytical", "Jonas Berg", "Seattle, WA", "2026-09-03",
     "Decides whether the integration makes the 2027 roadmap. Wants usage data from the pilots before committing.", "Product"),
    ("NW031", "Claire Dubois", "VP Product Management, Platform", "Product", "NW030", 4, "evaluator", 4, "Supporter", "Analytical", "Jonas Berg", "Seattle, WA", "2026-09-03",
     "Sees the integration closing a gap customers raise every quarter.", "Platform Product"),
    ("NW032", "Benjamin Osei", "VP Product, Applications", "Product", "NW030", 4, "evaluator", 3, "Even keel", "Amiable", "Jonas Berg", "Boston, MA", "2026-06-16",
     "Friendly but noncommittal; his roadmap is full until Q3.", "Applications Product"),
    ("NW033", "Yuki Sato", "Director, Product Management, Integrations", "Product", "NW031", 3, "influencer", 4, "Champion", "Expressive", "Jonas Berg", "Seattle, WA", "2026-09-03",
     "Wrote the integration PRD in her own time. Credible with engineers.", "Integrations Product"),
    ("NW034", "Patrick Byrne", "Director, Product Design", "Product", "NW032", 2, "user", 2, "Neutral", "Expressive", None, "Dublin, Ireland", "2026-05-12",
     "Cares about a seamless UI; has not seen our design system yet.", "Product Design"),
    ("NW035", "Leila Farahani", "Director, Product Analytics", "Product", "NW030", 3, "evaluator", 3, "Neutral", "Analytical", None, "Seattle, WA", "2026-07-30",
     "Her pilot metrics are what Rajesh and the CFO will read.", "Product Analytics"),
    ("NW036", "Thomas Keller", "Senior Manager, Product Operations", "Product", "NW031", 2, "user", 2, "TBD", "Driver", None, "Munich, Germany", "2026-04-22",
     "Runs the launch checklist; met once at a trade show.", "Product Operations"),
    # Engineering: a cautious CTO, a skeptical SVP, a blocking platform VP, a hesitant middle.
    ("NW040", "Victor Stankovic", "Chief Technology Officer", "Engineering", "NW001", 5, "decision maker", 5, "Neutral", "Analytical", "Jonas Berg", "Seattle, WA", "2026-09-08",
     "Open to the integration but will not commit engineers until the security review passes.", "Engineering"),
    ("NW041", "Gregory Hale", "SVP Engineering", "Engineering", "NW040", 4, "approver", 5, "Skeptic", "Driver", "Jonas Berg", "Seattle, WA", "2026-09-08",
     "Says the integration costs two sprints a quarter forever. Loudest voice on the architecture board.", "Engineering Delivery"),
    ("NW042", "Ingrid Solberg", "VP Platform Engineering", "Engineering", "NW041", 4, "influencer", 4, "Blocker", "Driver", None, "Seattle, WA", "2026-08-25",
     "Her team owns the in-house connector ours would replace; sees the alliance as a threat to her roadmap. Nobody on our side knows her.", "Platform Engineering"),
    ("NW043", "Kwame Mensah", "VP Cloud Infrastructure", "Engineering", "NW041", 4, "evaluator", 3, "Neutral", "Analytical", "Jonas Berg", "Toronto, Canada", "2026-07-14",
     "Pragmatic; cares about hosting cost and on-call load.", "Cloud Infrastructure"),
    ("NW044", "Ana Ribeiro", "Director, Security Engineering", "Engineering", "NW040", 3, "gatekeeper", 4, "Skeptic", "Analytical", "Jonas Berg", "Toronto, Canada", "2026-08-25",
     "Runs the third-party security review; burned by a partner breach in 2024.", "Security Engineering"),
    ("NW045", "Daniel Cohen", "Director, Data Platform", "Engineering", "NW043", 3, "evaluator", 3, "Supporter", "Analytical", "Jonas Berg", "Toronto, Canada", "2026-07-14",
     "Ran the data-sync proof of concept with us; the results were good.", "Data Platform"),
    ("NW046", "Priyanka Desai", "Principal Architect", "Engineering", "NW041", 2, "influencer", 5, "Neutral", "Analytical", None, "Seattle, WA", "2026-08-25",
     "Engineers follow her on architecture. Undecided: wants to see the API and the data model.", "Architecture"),
    ("NW047", "Oliver Grant", "Director, Integrations Engineering", "Engineering", "NW042", 3, "user", 3, "Even keel", "Amiable", None, "Seattle, WA", "2026-06-02",
     "Would build the connector; loyal to Ingrid.", "Integrations Engineering"),
    ("NW048", "Hannah Becker", "Senior Manager, DevOps", "Engineering", "Kwame Mensah", 2, "user", 2, None, "Driver", None, "Remote - US", "2026-03-30",
     "Not met yet.", "DevOps"),
    ("NW049", "Wei Zhang", "Director, Quality Engineering", "Engineering", "NW041", 3, "user", 2, "Neutral", "Analytical", None, "Bangalore, India", "2026-06-02",
     "Would own the joint test plan; asked for our test environments.", "Quality Engineering"),
    ("NW050", "Mateo Rossi", "Engineering Manager, Connectors", "Engineering", "NW047", 2, "user", 3, "Supporter", "Expressive", "Jonas Berg", "Seattle, WA", "2026-08-25",
     "Built the prototype with our team at the spring hackathon.", "Connectors"),
    # Finance: the key antibody (the CFO), the analyst he trusts, an opposing procurement head.
    ("NW060", "Richard Halvorsen", "Chief Financial Officer", "Finance", "NW001", 5, "approver", 5, "Skeptic", "Analytical", "Lucia Ferrante", "Seattle, WA", "2026-09-12",
     "Key antibody: doubts the revenue-share model and asked for a three-year P&L with exit costs. Moved by data, not enthusiasm.", "Finance"),
    ("NW061", "Beatrice Achterberg", "VP Financial Planning & Analysis", "Finance", "NW060", 4, "evaluator", 4, "Neutral", "Analytical", "Omar Haddad", "Seattle, WA", "2026-08-18",
     "Builds the CFO's models; he trusts her numbers more than anyone's.", "FP&A"),
    ("NW062", "Stefan Kowalski", "Corporate Controller", "Finance", "NW060", 3, "user", 2, "Neutral", "Analytical", None, "Boston, MA", "2026-05-26",
     "Has revenue-recognition questions on the joint SKU.", "Accounting"),
    ("NW063", "Rosa Jimenez", "Director, Procurement", "Finance", "NW060", 3, "gatekeeper", 3, "Opponent", "Driver", None, "Austin, TX", "2026-08-18",
     "Blocked the 2025 reseller agreement over terms; insists on Northwind paper.", "Procurement"),
    ("NW064", "Arjun Malhotra", "Director, Treasury", "Finance", "Stefan Kowalski", 2, "user", 1, None, "Analytical", None, "Boston, MA", "2026-03-16",
     "Not involved so far.", "Treasury"),
    ("NW065", "Chloe Martin", "Senior Manager, Deal Desk", "Finance", "NW061", 2, "approver", 3, "Neutral", "Driver", "Omar Haddad", "Austin, TX", "2026-08-18",
     "Prices every joint deal; wants a standard discount matrix.", "Deal Desk"),
    # Legal: a skeptical general counsel nobody on our side knows.
    ("NW070", "Jonathan Pryce", "General Counsel", "Legal", "NW001", 4, "approver", 4, "Skeptic", "Analytical", None, "Seattle, WA", "2026-07-01",
     "Worried about IP ownership in joint development; wants a narrow MOU first. Our legal team has no contact with him.", "Legal"),
    ("NW071", "Fatima El-Amin", "Associate General Counsel, Commercial", "Legal", "NW070", 3, "gatekeeper", 3, "Neutral", "Amiable", "Omar Haddad", "Seattle, WA", "2026-08-11",
     "Negotiates the contract; reasonable, but needs cover from Jonathan.", "Commercial Legal"),
    ("NW072", "Michael Brennan", "Director, IP & Licensing", "Legal", "NW070", 3, "evaluator", 3, "Critic", "Analytical", None, "Boston, MA", "2026-07-01",
     "Sees joint IP as a trap; cites an old dispute with another partner.", "IP & Licensing"),
    ("NW073", "Sarah Goldberg", "Senior Counsel, Privacy", "Legal", "Jonathan Pryce", 2, "evaluator", 2, "Neutral", "Amiable", None, "Dublin, Ireland", "2026-05-05",
     "Needs our data-processing addendum for EU customers.", "Privacy"),
    # Marketing: a supportive CMO who wants a joint launch.
    ("NW080", "Isabella Conti", "Chief Marketing Officer", "Marketing", "NW001", 4, "influencer", 4, "Supporter", "Expressive", "Grace Liu", "Seattle, WA", "2026-09-01",
     "Loves the co-branding story; wants a joint launch at their user conference.", "Marketing"),
    ("NW081", "Ethan Brooks", "VP Product Marketing", "Marketing", "NW080", 3, "influencer", 3, "Neutral", "Expressive", "Grace Liu", "Seattle, WA", "2026-07-22",
     "Owns the messaging; wants proof points before he names us.", "Product Marketing"),
    ("NW082", "Zainab Hussain", "Director, Demand Generation", "Marketing", "NW080", 3, "user", 2, "Neutral", "Driver", None, "Austin, TX", "2026-06-09",
     "Measures everything in pipeline; would fund joint campaigns that convert.", "Demand Generation"),
    ("NW083", "Lars Eriksen", "Director, Corporate Communications", "Marketing", "NW080", 3, "gatekeeper", 3, "Neutral", "Amiable", None, "Seattle, WA", "2026-06-09",
     "Approves any public mention of the alliance.", "Corporate Communications"),
    ("NW084", "Julia Santos", "Senior Manager, Partner Marketing", "Marketing", "NW081", 2, "user", 2, "Neutral", "Expressive", "Grace Liu", "Toronto, Canada", "2026-09-01",
     "Waits for Ethan's go-ahead before committing campaign budget.", "Partner Marketing"),
    # Operations and Services: a COO nobody knows, a supportive services head.
    ("NW090", "Andrew Nakamura", "Chief Operating Officer", "Operations", "NW001", 5, "approver", 4, "Neutral", "Driver", None, "Seattle, WA", "2026-06-24",
     "Never met. Chairs the monthly operating review where cross-company programmes get staffed.", "Operations"),
    ("NW091", "Gabriela Costa", "VP Business Operations", "Operations", "NW090", 4, "evaluator", 3, "Neutral", "Analytical", "Sam Whitaker", "Seattle, WA", "2026-08-04",
     "Sets the operating review's agenda; methodical, likes a one-page plan.", "Business Operations"),
    ("NW092", "Noah Fischer", "Director, IT", "Operations", "NW090", 3, "gatekeeper", 3, "Skeptic", "Analytical", None, "Boston, MA", "2026-07-28",
     "Consolidating vendors; another integration means another system to support.", "IT"),
    ("NW093", "Olga Ivanova", "Director, PMO", "Operations", "NW091", 2, "user", 3, "Supporter", "Amiable", "Sam Whitaker", "Munich, Germany", "2026-08-04",
     "Would run the joint programme; already drafted a plan with us.", "Program Management"),
    ("NW100", "Kevin O'Brien", "SVP Customer Services", "Services", "Andrew Nakamura", 4, "approver", 4, "Supporter", "Amiable", "Priya Raman", "Dublin, Ireland", "2026-08-27",
     "Sees joint support as a way to cut escalations on integrated accounts.", "Customer Services"),
    ("NW101", "Lakshmi Narayanan", "VP Professional Services", "Services", "NW100", 4, "evaluator", 3, "Neutral", "Analytical", "Priya Raman", "Bangalore, India", "2026-06-23",
     "Wants a share of the implementation revenue; neutral until that is settled.", "Professional Services"),
    ("NW102", "Tyrone Jackson", "Director, Customer Success", "Services", "NW100", 3, "influencer", 3, "Supporter", "Expressive", "Priya Raman", "Austin, TX", "2026-08-27",
     "Three of his top accounts asked for the integration.", "Customer Success"),
    ("NW103", "Emily Walsh", "Director, Support Engineering", "Services", "NW100", 3, "user", 3, "Skeptic", "Driver", None, "Dublin, Ireland", "2026-07-15",
     "Fears a second support queue and finger-pointing between vendors.", "Support Engineering"),
    ("NW104", "Paulo Ferreira", "Senior Manager, Training", "Services", "NW101", 2, "user", 1, None, None, None, "Remote - US", "2026-03-02",
     "Not met yet.", "Training"),
]

# --- the story ties ---------------------------------------------------------------------
# From influences To (for every type, as the workbook format says); strength as the team
# wrote it: 1-5 or weak / medium / strong.
STORY_TIES = [
    ("NW020", "NW010", "influences", "strong", "Elena has Diego's ear on every partner decision."),
    ("NW020", "NW001", "influences", 3, "Presented the alliance at the June exec offsite."),
    ("NW003", "NW001", "advises", 4, "Margaret asks Amara for a view before every strategy decision."),
    ("NW003", "NW002", "advises", "medium", "They prepare the exec staff pre-reads together."),
    ("NW002", "NW001", "influences", 5, "Controls the CEO's calendar and the exec staff agenda."),
    ("NW060", "NW001", "influences", 5, "Margaret's most trusted voice on capital allocation."),
    ("NW060", "NW020", "conflicts with", "strong", "Clashed over the partner marketing fund in the FY26 budget."),
    ("NW061", "NW060", "advises", "strong", "Builds his models; he trusts her numbers."),
    ("NW035", "NW061", "advises", 3, "Shares product usage data with FP&A for the forecasts."),
    ("NW065", "NW060", "advises", 3, "Flags deal-margin risks to the CFO directly."),
    ("NW004", "NW060", "trusts", 4, "Richard relies on Hiroshi's judgement: six years together at a previous employer."),
    ("NW063", "NW060", "influences", 4, "Briefs the CFO on contract risk."),
    ("NW063", "NW021", "conflicts with", "medium", "Fell out over the reseller terms in 2025."),
    ("NW010", "NW001", "influences", 4, "Margaret backs his go-to-market calls."),
    ("NW011", "NW010", "influences", "strong", "His best-performing region; he listens to her."),
    ("NW012", "NW010", "influences", 4, "Largest region by revenue."),
    ("NW012", "NW011", "conflicts with", 3, "Compete for the same overlay and partner budget."),
    ("NW014", "NW010", "advises", "medium", "Models every comp-plan change for Diego."),
    ("NW017", "NW011", "advises", 3, "Supplies the solution engineers for EMEA joint deals."),
    ("NW015", "NW011", "influences", 3, "Her DACH deals are Fiona's proof points."),
    ("NW041", "NW040", "influences", "strong", "Victor leaves delivery decisions to Gregory."),
    ("NW042", "NW041", "influences", "strong", "Long-time allies; came up through the platform team together."),
    ("NW042", "NW033", "conflicts with", "strong", "Turf war over who owns integrations on the roadmap."),
    ("NW046", "NW040", "advises", 5, "Victor asks Priyanka before any architecture commitment."),
    ("NW046", "NW041", "advises", 4, "Both sit on the architecture board."),
    ("NW046", "NW047", "influences", "medium", "Engineers follow her architecture calls."),
    ("NW046", "NW043", "advises", 3, "Reviews his capacity plans."),
    ("NW044", "NW040", "advises", "strong", "Her security review gates every third-party integration."),
    ("NW092", "NW044", "influences", 3, "They run the vendor-risk process together."),
    ("NW045", "NW043", "influences", 4, "Kwame relies on Daniel's proof-of-concept results."),
    ("NW050", "NW047", "influences", 3, "Mateo's prototype shaped Oliver's estimates."),
    ("NW033", "NW046", "influences", "medium", "Co-authored the API guidelines."),
    ("NW033", "NW031", "influences", 4, "Claire backs Yuki's roadmap proposals."),
    ("NW031", "NW030", "influences", "strong", "Rajesh's most trusted VP."),
    ("NW030", "NW040", "influences", 4, "They own the joint roadmap; weekly product-engineering sync."),
    ("NW040", "NW030", "influences", 3, "Engineering cost estimates decide the roadmap picks."),
    ("NW035", "NW030", "advises", 4, "Pilot metrics go straight to Rajesh."),
    ("NW070", "NW001", "advises", 3, "Reviews every contract above $1M."),
    ("NW072", "NW070", "advises", "strong", "Jonathan defers to Michael on IP."),
    ("NW071", "NW070", "advises", 3, "Summarises open contract issues for him weekly."),
    ("NW021", "NW071", "trusts", 3, "Worked together on the 2025 NDA framework."),
    ("NW080", "NW001", "influences", 3, "Brand and launch decisions go through Isabella."),
    ("NW020", "NW080", "influences", 3, "Brought Isabella into the joint launch plan."),
    ("NW080", "NW020", "trusts", "strong", "Natural allies on the co-branding plan."),
    ("NW090", "NW001", "influences", 5, "Margaret's right hand on execution."),
    ("NW090", "NW060", "influences", 4, "Budget partner on every headcount decision."),
    ("NW100", "NW090", "influences", 4, "Runs the largest organisation under the COO."),
    ("NW091", "NW090", "advises", "strong", "Runs his operating review."),
    ("NW093", "NW091", "advises", 3, "Reports programme status to the operating review."),
    ("NW103", "NW100", "influences", 3, "Her escalation data carries weight with Kevin."),
    ("NW102", "NW100", "influences", 3, "The voice of the customer in services staff meetings."),
    ("NW102", "NW010", "influences", "weak", "Customer requests feed Diego's account reviews."),
    ("NW022", "NW046", "influences", "weak", "Shares partner reference architectures with the architecture board."),
    ("NW022", "NW033", "trusts", 4, "Co-wrote the joint reference architecture draft."),
    ("NW021", "NW020", "advises", "strong", "Elena's right hand on the alliance."),
    ("NW024", "NW084", "dotted line", "medium", "Partner marketing is matrixed between Alliances and Marketing."),
    ("NW084", "NW081", "influences", 2, "Asks Ethan for messaging sign-off."),
    ("NW081", "NW080", "advises", 3, "Isabella's messaging lead."),
    ("NW083", "NW080", "advises", 3, "Approves any public mention of partners."),
    ("NW013", "NW010", "influences", 3, "New APAC VP; Diego expects a lot from her."),
    ("NW041", "NW012", "trusts", 3, "Golf partners who share a dim view of partner programmes."),
    ("NW060", "NW012", "influences", 3, "Signs off Marcus's discount exceptions."),
    ("NW001", "NW020", "influences", 3, "Asked Elena for the business case by Q4."),
    ("NW004", "NW003", "conflicts with", 2, "Competing recommendations: acquire or partner."),
    ("NW017", "NW022", "trusts", 3, "Their teams run joint enablement."),
    ("NW045", "NW044", "advises", "weak", "Shared the proof-of-concept security findings."),
    ("NW082", "NW014", "conflicts with", "weak", "Argue over pipeline attribution."),
    ("NW101", "NW102", "influences", 3, "Services leadership team peers."),
    ("NW062", "NW060", "advises", 3, "Revenue-recognition calls."),
    ("NW073", "NW071", "advises", 2, "Privacy input on every contract."),
    ("NW047", "NW042", "advises", 4, "Oliver's estimates are Ingrid's evidence."),
]

RELATIONSHIPS = 180  # total rows of the Relationships sheet: the story ties plus drawn ones

# Everyday ties drawn to complete the map: type -> (weight, notes to pick from).
_EVERYDAY = {
    "influences": (0.45, ["Peers on the leadership team.", "Sit on the architecture board together.",
                          "Long working relationship.", "Co-own the annual planning process.",
                          "Former colleagues at a previous employer.", "Same leadership programme cohort.",
                          "One-to-one every other week.", "Worked on the FY26 reorganisation together.",
                          None, None]),
    "advises": (0.30, ["Go-to person for pricing questions.", "Asked for input on technical decisions.",
                       "Informal mentor.", "Reviews their business cases.", "Sounding board on hiring.",
                       "Brings customer data to their decisions.", None]),
    "trusts": (0.15, ["Worked together for more than ten years.", "Trusted sounding board.",
                      "Came over together from the same acquisition.", "Close since the 2022 turnaround.",
                      None]),
    "dotted line": (0.10, ["Dotted-line reporting for regional accounts.", "Dotted line for the joint pilot.",
                           "Temporary dotted line during the ERP migration."]),
}
_STRENGTHS = [1, 2, 3, 3, 4, 4, 5, "weak", "medium", "medium", "strong", None]


def _executives_by_id():
    return {row[0]: row for row in EXECUTIVES}


def _manager_ids() -> dict[str, str | None]:
    """Each executive's manager id (the sheet's Reports To may hold a name instead)."""
    by_name = {row[1]: row[0] for row in EXECUTIVES}
    return {row[0]: by_name.get(row[4], row[4]) for row in EXECUTIVES}


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.rpartition(" ")
    return first, last


def _executive_emails() -> dict[str, str]:
    first, last = zip(*(_split_name(row[1]) for row in EXECUTIVES))
    return dict(zip((row[0] for row in EXECUTIVES), _email_addresses(list(first), list(last))))


def _relationship_rows(rng: random.Random) -> list[tuple]:
    """The story ties, then everyday ties drawn until the sheet has RELATIONSHIPS rows.

    Everyday ties favour people who have few ties so far, colleagues of the same
    department and the people close to them in the reporting tree; no pair of people gets
    two ties, and no tie duplicates a reporting line.
    """
    managers = _manager_ids()
    dept = {row[0]: row[3] for row in EXECUTIVES}
    authority = {row[0]: row[5] for row in EXECUTIVES}
    ids = list(dept)
    pairs = {frozenset((u, v)) for u, v, *_ in STORY_TIES}
    pairs |= {frozenset((p, m)) for p, m in managers.items() if m}
    rows = list(STORY_TIES)
    degree = Counter(p for u, v, *_ in STORY_TIES for p in (u, v))
    types = list(_EVERYDAY)
    while len(rows) < RELATIONSHIPS:
        fewest = min(degree[p] for p in ids)
        person = rng.choice([p for p in ids if degree[p] <= fewest + 1])
        near = {managers[person], managers.get(managers[person] or "")} - {None}
        weights = [0 if other == person or frozenset((person, other)) in pairs
                   else (4 if dept[other] == dept[person] else 1)
                   + (3 if other in near or managers[other] == managers[person] else 0)
                   + authority[other] / 2
                   for other in ids]
        other = rng.choices(ids, weights)[0]
        kind = rng.choices(types, [_EVERYDAY[t][0] for t in types])[0]
        # The more senior of the two is more often the one who influences.
        if authority[other] > authority[person] or (authority[other] == authority[person] and rng.random() < 0.5):
            source, target = other, person
        else:
            source, target = person, other
        rows.append((source, target, kind, rng.choice(_STRENGTHS), rng.choice(_EVERYDAY[kind][1])))
        pairs.add(frozenset((person, other)))
        degree.update((person, other))
    return rows


# --- writing ----------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def _style_sheet(ws, widths: list[int], header_row: int = 1, fill=True) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for cell in ws[header_row]:
        cell.font = _HEADER_FONT if fill else Font(bold=True)
        if fill:
            cell.fill = _HEADER_FILL
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(widths))}{ws.max_row}"


def _save(wb: Workbook, path: Path) -> Path:
    """Save atomically: a temp file in the same folder, then replace."""
    wb.properties.creator = "influence-map data/make_samples.py"
    wb.properties.created = dt.datetime(2026, 10, 1, 9, 0)
    return write_file_atomic(path, wb.save, force=True)


PEOPLE_HEADERS = ["ID", "Name", "Title", "Department", "Reports To", "Email", "Authority", "Role",
                  "Influence", "Attitude", "Style", "Owner", "Notes", "Location", "Last Reviewed"]
PEOPLE_HEADER_ROW = 3  # below the "Partner | Northwind Systems" title row and a blank row
RELATIONSHIP_HEADERS = ["From", "To", "Type", "Strength", "Notes"]

_README = [
    f"{PARTNER}: partner influence map (SAMPLE DATA)",
    "",
    f"All people, names, e-mail addresses and notes in this workbook are fictional. {PARTNER} is an "
    "invented company; any likeness to real people or companies is coincidence.",
    "It shows how an alliance team records the partner's executives for influence-map: "
    "open it with `influence analyze` or the dashboard.",
    "",
    "Sheet People: one row per executive.",
    "  ID: the team's own id. Reports To: the manager's ID (or name). Email: work address.",
    "  Authority: formal power 1-5 (5 = final decision maker). Role: decision maker, approver, evaluator, "
    "influencer, user, gatekeeper or coach.",
    "  Influence: informal sway 1-5. Attitude toward our company: Champion, Supporter, Neutral, Skeptic, "
    "Opponent (or the team's words: Mentor, Even keel, Critic, Blocker, ?, TBD; blank = unknown).",
    "  Style: Driver, Expressive, Amiable or Analytical. Owner: who on our side holds the relationship "
    "(blank = nobody: a coverage gap).",
    "  Notes, Location, Last Reviewed: kept as extra information.",
    "Sheet Relationships: From influences To. Type: influences, advises, trusts, dotted line or "
    "conflicts with. Strength: 1-5 or weak / medium / strong.",
    "",
    "Made by data/make_samples.py in the influence-map source tree.",
]


def write_partner_map(path: Path = HERE / "partner_influence_map.xlsx", seed: int = SEED) -> Path:
    """Write the Northwind Systems influence map (60 executives, about 180 relationships)."""
    rng = random.Random(seed)
    emails = _executive_emails()
    names = {row[0]: row[1] for row in EXECUTIVES}
    wb = Workbook()
    people = wb.active
    people.title = "People"
    # A title block as hand-kept maps have; the importer reads the partner's name from it.
    people.append(["Partner", PARTNER, None, "Influence map kept by our alliance team (fictional sample data)"])
    people.append([])
    people.append(PEOPLE_HEADERS)
    for (pid, name, title, dept, reports_to, authority, role, influence, attitude, style, owner,
         location, reviewed, notes, _team) in EXECUTIVES:
        people.append([pid, name, title, dept, reports_to, emails[pid], authority, role, influence,
                       attitude, style, owner, notes, location, dt.date.fromisoformat(reviewed)])
    for cell in people["O"][PEOPLE_HEADER_ROW:]:
        cell.number_format = "yyyy-mm-dd"
    for cell in people["M"][PEOPLE_HEADER_ROW:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _style_sheet(people, [8, 20, 36, 13, 16, 34, 10, 15, 10, 11, 11, 15, 70, 17, 14],
                 header_row=PEOPLE_HEADER_ROW)
    people["A1"].font = people["B1"].font = Font(bold=True, size=14)

    ties = wb.create_sheet("Relationships")
    ties.append(RELATIONSHIP_HEADERS)
    for source, target, kind, strength, notes in _relationship_rows(rng):
        # Teams mostly type names in this sheet, sometimes the id.
        by_id = rng.random() < 0.15
        ties.append([source if by_id else names[source], target if by_id else names[target],
                     kind, strength, notes])
    _style_sheet(ties, [20, 20, 15, 10, 70])

    readme = wb.create_sheet("README")
    for line in _README:
        readme.append([line])
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 120
    return _save(wb, path)


# --- the HR export ----------------------------------------------------------------------

HR_PEOPLE = 3000
HR_HEADERS = ["Employee ID", "First Name", "Last Name", "Business Title", "Supervisory Organization",
              "Manager ID", "Work Email", "Location", "Hire Date", "Cost Center"]
# People below the executives, by department (3,000 in all with the 60 executives).
_HEADCOUNT = {"Engineering": 990, "Sales": 560, "Services": 470, "Operations": 250, "Product": 220,
              "Marketing": 160, "Finance": 140, "Alliances": 60, "Legal": 50, "CEO Office": 40}
_HR_MAX_DEPTH = 7  # the CEO is at depth 0: eight levels at most
_COST_CENTERS = {"CEO Office": "CC1000", "Finance": "CC1100", "Legal": "CC1200", "Operations": "CC1300",
                 "Marketing": "CC2100", "Sales": "CC2200", "Alliances": "CC2300", "Services": "CC3100",
                 "Product": "CC4100", "Engineering": "CC4200"}


def _hr_people(rng: random.Random) -> list[dict]:
    """The executives plus people grown below them, breadth first, with realistic spans."""
    spans = {d[0]: d[2] for d in _DEPARTMENTS}
    ic_titles = {d[0]: d[4] for d in _DEPARTMENTS}
    managers = _manager_ids()
    people = []
    for row in EXECUTIVES:
        first, last = _split_name(row[1])
        people.append({"key": row[0], "first": first, "last": last, "title": row[2], "dept": row[3],
                       "manager": managers[row[0]], "location": row[11], "team": row[14],
                       "authority": row[5], "exec": True})
    by_key = {p["key"]: p for p in people}
    reports = Counter(p["manager"] for p in people if p["manager"])
    for dept, headcount in _HEADCOUNT.items():
        # Grow below the department's executives, deepest first (not below the CEO).
        queue = sorted((p for p in people if p["dept"] == dept and p["key"] != "NW001"),
                       key=lambda p: -_depth(by_key, p["key"]))
        added = 0
        while added < headcount:
            boss = queue.pop(0)
            if _depth(by_key, boss["key"]) >= _HR_MAX_DEPTH:
                continue
            low, high = spans[dept]
            for _ in range(max(0, min(rng.randint(low, high) - reports[boss["key"]], headcount - added))):
                key = f"new{len(people)}"
                person = {"key": key, "first": rng.choice(_FIRST_NAMES), "last": rng.choice(_LAST_NAMES),
                          "title": None, "dept": dept, "manager": boss["key"],
                          "location": boss["location"] if rng.random() < 0.7 else rng.choice(_LOCATIONS),
                          "team": boss["team"], "authority": 1, "exec": False}
                people.append(person)
                by_key[key] = person
                queue.append(person)
                reports[boss["key"]] += 1
                added += 1
    for p in people:
        if p["exec"]:
            continue
        boss = by_key[p["manager"]]
        if reports[p["key"]]:
            p["title"] = (f"Director, {p['team']}" if boss["exec"] and boss["authority"] >= 4
                          else f"Manager, {p['team']}" if boss["exec"] else f"Team Lead, {p['team']}")
        else:
            p["title"] = rng.choice(ic_titles[p["dept"]])
    return people


def _depth(by_key: dict, key: str) -> int:
    depth = 0
    while by_key[key]["manager"]:
        key = by_key[key]["manager"]
        depth += 1
    return depth


def write_hr_export(path: Path = HERE / "hr_org_chart_export.xlsx", seed: int = SEED) -> Path:
    """Write the Northwind Systems HR org-chart export (3,000 people, Workday-like)."""
    rng = random.Random(seed)
    people = _hr_people(rng)
    emails = _email_addresses([p["first"] for p in people], [p["last"] for p in people])
    # Hire dates: the executives over the company's life, everyone else weighted to recent years.
    start, end = dt.date(2008, 3, 3), dt.date(2026, 9, 14)
    span_days = (end - start).days
    for p, email in zip(people, emails):
        p["email"] = email
        share = rng.random() if p["exec"] else rng.random() ** 0.6
        p["hired"] = start + dt.timedelta(days=int(share * span_days))
    people[0]["hired"] = dt.date(2011, 4, 18)  # the CEO
    # Employee ids follow hire order, with the gaps real numbering has.
    number = 1000
    for p in sorted(people, key=lambda p: (p["hired"], p["key"])):
        number += rng.randint(1, 3)
        p["id"] = f"E{number:06d}"
    by_key = {p["key"]: p for p in people}

    wb = Workbook()
    ws = wb.active
    ws.title = "Worker Report"
    ws.append([f"Worker Report - {PARTNER} - exported {REVIEW_DATE.isoformat()}"])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    ws.append(HR_HEADERS)
    for p in sorted(people, key=lambda p: p["id"]):
        boss = by_key.get(p["manager"]) if p["manager"] else None
        org_head = boss or p
        ws.append([p["id"], p["first"], p["last"], p["title"],
                   f"{org_head['team']} ({org_head['first']} {org_head['last']})",
                   boss["id"] if boss else None, p["email"], p["location"], p["hired"],
                   f"{_COST_CENTERS[p['dept']]} {p['dept']}"])
    for cell in ws["I"][3:]:
        cell.number_format = "mm/dd/yyyy"
    _style_sheet(ws, [13, 14, 16, 40, 48, 12, 40, 18, 12, 20], header_row=3, fill=False)
    return _save(wb, path)


def main() -> None:
    for path in (write_partner_map(), write_hr_export()):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
