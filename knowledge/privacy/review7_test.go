package privacy

import (
	"fmt"
	"strings"
	"testing"
)

// Review 7: long pilot write-ups. Texts are composed from realistic blocks
// (background, tables, technical snippets, contacts); hidden cases add exactly
// one patient identifier to an otherwise ordinary write-up. Written from
// outside (the public API, DESIGN and the identifier notes only), December
// 2026.
//
// When it ran (screen at aed645b), 12 of the 40 lessons were refused, all
// for three service mailboxes used by four lessons each ("desp.admin@",
// "aire.valley.practice@", "maternity.digital@"), and 1 of the 40 hidden
// identifiers was missed ("date_of_birth=1952-11-23"). All pass now:
// clinical services and national programmes are role words, a place's
// words are place words, a GP practice's mailbox ends in "practice" or
// "surgery" at an NHS domain, and a birth label may be written with
// underscores (TestReview7Rules). The lessons reuse blocks, so they are
// less varied than forty separate texts.

var r7Intro = []string{
	`## Ambient voice technology in ED triage - what we learned
Background: Airedale NHS Foundation Trust ran a 12-week pilot of ambient voice documentation in the Emergency Department from 03/06/2024 to 25/08/2024. The idea was born out of a 2023 clinician hackathon where 41 staff voted it the top pain point. Sponsor: Dr Helen Marsh (CCIO); clinical lead: Sr. Joanne Pickles (ED matron); IG lead: Tom Ashworth (DPO). Go-live slipped 19 days because the DPIA (ref DPIA-2024-117) needed a second review at the IG Steering Group on 14 May 2024.
`,
	`### Lesson: AI chest X-ray triage at a district general hospital
What happened: we deployed a CE/UKCA Class IIa CXR triage tool (supplier: Qure.ai, qXR v4.1.2) on 2 PACS workstations in October 2023, live in the reporting worklist from 06/11/2023. Radiology manager Priya Chandran and consultant radiologist Dr Mark Ellison led the work; 3 reporting radiographers were super-users. The procurement ran through the NHS AI Diagnostic Fund (AIDF) wave 1, lot 2.
`,
	`Pilot write-up (GP practice, 9,400 list size): AI-assisted inbox triage for hospital letters
Who: Dr Sarah Okonjo (GP partner, digital lead), Karen Bell (practice manager), 4 admin staff. When: 15 January 2024 to 12 April 2024 (13 weeks). Why: 1,150 to 1,300 letters a week were being coded by hand, taking 31.5 admin hours a week. The PCN (Aire Valley PCN, ODS U87423) part-funded the licence out of the ARRS underspend.
`,
	`# Lessons from our sepsis early-warning model pilot
Our trust (approx. 1,050 beds, 3 sites) tested a machine-learning deterioration score alongside NEWS2 on 6 medical wards between 1 Feb 2024 and 31 Jul 2024. Team: Dr Rashid Anwar (CCIO), Lucy Tranter (lead nurse, deteriorating patient), Owen Griffiths (data scientist, band 7), Mei Lin (clinical safety officer). The model was trained on 2019-2022 observations only (no identifiers leave the trust's Azure tenancy, UK South).
`,
	`Write-up: LLM-drafted discharge summaries - 8-week evaluation
Background: junior doctors on 2 respiratory wards spent a median 22 minutes per discharge summary (audit, n=212, Sept 2023). From 08/04/2024 we trialled an LLM drafting assistant embedded in the EPR (supplier build 2024.03.7, model hosted in the supplier's UK data centre). Clinical lead Dr Farah Qureshi; nursing lead Ben Stoddart; CSO Dr Alan Pryce; CCIO sign-off 02/04/2024.
`,
	`Lesson: automated DNA prediction and targeted reminders in outpatients
Our outpatient DNA rate was 8.7% in 2022/23 (about 41,600 missed appointments; at £120 each that is roughly £5.0m). From 1 September 2023 to 29 February 2024 we piloted a DNA-prediction model (vendor: a DTAC-assessed SME, contract ref NHSSBS-DIG-0931) in dermatology, ENT and T&O. Operational lead: Gemma Holroyd (head of access). Analyst: Jamie Sutcliffe.
`,
	`## Pilot summary - AI dermatology triage in community (two-week-wait pathway)
The ICB (West Yorkshire ICB, ODS QWO) commissioned a 6-month pilot of AI-assisted skin lesion triage across 14 GP practices, live 10/07/2023. Clinical lead: Dr Imogen Reyes (consultant dermatologist). Programme manager: Chris Walton. Evaluation: Yorkshire & Humber Health Innovation Network. Images were captured with dermatoscope attachments on 28 practice iPhones (iOS 17.2, MDM-managed).
`,
	`Lessons learned: speech recognition plus NLP coding in community nursing
Background: 86 district nurses across 5 neighbourhood teams recorded visit notes by voice from 20 November 2023. Before that, notes were typed at the end of shift, median 74 minutes of admin per nurse per day (time-and-motion study, 2 weeks, n=19 nurses). Leads: Angela Burke (assistant director of nursing), Kwame Mensah (digital nurse, band 6).
`,
	`### CCIO note: predictive bed management - 2023/24 pilot closure report
What we did: a forecasting model (gradient boosting, Python 3.11, scikit-learn 1.3.2) predicted next-day discharges per ward, refreshed 4 times a day (06:00, 10:00, 14:00, 18:00). Pilot period 04/09/2023 to 31/03/2024 on 11 adult wards. Owner: Dr Nina Castellano (CCIO); site director Paul Redfern; BI team lead Aisha Rahman.
`,
	`Write-up for the AI community of practice: digital pathology AI for prostate biopsies
Our cellular pathology department digitised 100% of histology slides in 2022 (Philips IntelliSite, 6 scanners). From 16 October 2023 we used an AI second-read tool for prostate core biopsies. Lead consultant: Dr Oluwaseun Adeyemi; lab manager: Rachel Dunn; biomedical scientists: 7. Scanning backlog was 2,140 cases at start.
`,
	`## Retinal screening AI - diabetic eye screening programme (DESP) pilot
From 5 March 2024 our DESP ran an autonomous grading tool in parallel with human graders for 16 weeks under a research ethics approval (IRAS 331842, REC 24/YH/0042). Programme manager: Lindsey Farrow. Clinical lead: Mr Tariq Hussain (consultant ophthalmologist). Around 38,000 people are offered screening each year across 23 static and mobile sites.
`,
	`Lesson submitted by the IG manager: running a DPIA for a generative AI pilot
Context: in December 2023 the trust's Generative AI working group (chair: Dr Ruth Kemp, deputy medical director) asked IG to assess Microsoft 365 Copilot for 300 corporate staff. I am the IG manager (Sam Whitaker). We completed the DPIA in 11 weeks (ref IG-DPIA-0233, approved 27/02/2024) and kept all clinical systems out of scope.
`,
	`## Mental health: AI-supported risk formulation notes (pilot closed)
Our mental health trust trialled an NLP tool that summarises the last 90 days of progress notes before a clinical review meeting. Pilot dates: 02 October 2023 to 26 January 2024, 3 community mental health teams (CMHTs), 57 clinicians. Leads: Dr Leon Achterberg (consultant psychiatrist), Fiona Glen (clinical systems lead), Mo Iqbal (clinical safety officer, registered nurse).
`,
	`Lesson: AI in the stroke pathway (CT perfusion and LVO detection)
We are a hyper-acute stroke unit (HASU) with 2 spoke hospitals. From 1 May 2023 all non-contrast CT, CTA and CTP scans were processed by an AI stroke platform (version 3.6) with mobile alerts to the on-call team. Stroke lead: Dr Gareth Lloyd; imaging lead: Dr Anjali Bose; network manager: Steph Moran. Funded by the AI in Health and Care Award, phase 4.
`,
	`Write-up: chatbot for maternity patient questions - 6 month pilot
The maternity service launched a rule-based plus LLM-fallback chatbot on the trust website on 17/07/2023, covering antenatal appointments, parking, and what to bring. Digital midwife: Claire Hendry; head of midwifery: Yvonne Addo; web team: 2 WTE. It answers general questions only and is told never to ask for personal details.
`,
	`### Pharmacy: ML-flagged high-risk prescriptions (antimicrobial stewardship)
Between 09/01/2024 and 05/07/2024 our pharmacy team used a machine-learning rule set to flag IV antibiotic prescriptions older than 72 hours for review on 9 wards. Lead: Hannah Osei (consultant antimicrobial pharmacist); informatics pharmacist: Daniel Brooke; microbiology: Dr Keith Nolan. The flags appear as a worklist in the EPMA (version 7.4.3).
`,
}

var r7Table = []string{
	`Budget (pounds, excl. VAT)
| Item | Budgeted | Actual | Variance |
|---|---|---|---|
| Licences (12 months) | 48,000 | 46,250 | -1,750 |
| Integration (HL7 v2 / FHIR) | 22,500 | 31,900 | +9,400 |
| Backfill for super-users | 9,600 | 8,120 | -1,480 |
| Training (3 sessions x 40 staff) | 3,000 | 2,760 | -240 |
| Evaluation (HIN) | 15,000 | 15,000 | 0 |
| Total | 98,100 | 104,030 | +5,930 |
`,
	"Metric\tBefore (n)\tAfter (n)\tChange\n" +
		"Median turnaround (hours)\t52.0 (n=1,204)\t18.5 (n=1,377)\t-64.4%\n" +
		"Reports within 48h\t41.2%\t88.9%\t+47.7 pts\n" +
		"Sensitivity (95% CI)\t-\t0.94 (0.91-0.96)\t-\n" +
		"Specificity (95% CI)\t-\t0.81 (0.78-0.84)\t-\n" +
		"Staff satisfaction (1-5)\t2.8\t4.1\tp<0.001\n",
	`Results (pre vs post, Mann-Whitney U)
| Measure | Pre (Mar-May 2023) | Post (Mar-May 2024) | p |
|---|---|---|---|
| Admin minutes per letter | 4.6 | 1.9 | 0.002 |
| Letters coded same day | 37% | 82% | <0.001 |
| Coding errors per 100 letters | 3.1 | 2.4 | 0.21 |
| Letters handled per week | 1,212 | 1,288 | - |
Error rate CI: 2.4 (95% CI 1.7 to 3.3) per 100.
`,
	`month,cases_screened,flagged,true_positive,ppv
2024-02,1450,212,171,0.81
2024-03,1522,198,166,0.84
2024-04,1391,176,150,0.85
2024-05,1611,229,187,0.82
total,5974,815,674,0.83
`,
	`Outcome table
| Outcome | Control wards (n=3) | Pilot wards (n=3) | Difference (95% CI) |
|---|---|---|---|
| Unplanned ICU admissions per 1,000 bed days | 4.9 | 3.8 | -1.1 (-2.0 to -0.2) |
| Cardiac arrest calls per 1,000 admissions | 1.6 | 1.2 | -0.4 (-0.9 to 0.1) |
| Alerts per 100 patient days | - | 7.3 | - |
| Alerts acknowledged within 30 min | - | 68.5% | - |
`,
	`Costs and savings (financial year 2023/24)
Licence: 36,000 | Hardware (6 x dictation mics, 2 x laptops): 3,420 | Project manager 0.4 WTE band 7 for 6 months: 12,380 | Total: 51,800
Estimated time released: 2.1 hours per clinician per week x 57 clinicians x 20 weeks = 2,394 hours (about 95,000 at mid-point band 6 on-costs).
`,
	"Week\tSubmitted\tAuto-graded\tReferred to human\tAgreement\n" +
		"1\t2,311\t1,702\t609\t96.1%\n" +
		"4\t2,408\t1,844\t564\t97.0%\n" +
		"8\t2,287\t1,790\t497\t97.4%\n" +
		"12\t2,355\t1,861\t494\t97.9%\n" +
		"16\t2,402\t1,902\t500\t98.2%\n",
	`Key figures
- DNA rate: 8.7% -> 6.9% in pilot specialties (control specialties 8.5% -> 8.3%), difference-in-differences -1.6 pts (95% CI -2.1 to -1.1), p<0.001
- Calls made by the reminder team: 4,812; reached: 3,077 (63.9%)
- Appointments rebooked in advance: 1,146
- Estimated saving: 1,146 x 120 = 137,520 pounds over 6 months against 58,000 costs
`,
	`Before/after (4-week windows)
| | Before | After |
|---|---|---|
| Median door-to-needle (min) | 58 | 41 |
| Median door-to-groin (min) | 171 | 123 |
| Thrombectomy referrals | 14 | 23 |
| Functional independence at 90 days (mRS 0-2) | 31% | 38% |
Small numbers: treat with caution, the 95% CI for the mRS change is -6% to +20%.
`,
	`Usage (17/07/2023 - 16/01/2024)
Conversations: 18,904 | Resolved without staff: 14,421 (76.3%) | Escalated to the switchboard: 2,210 | Abandoned: 2,273
Top intents: parking 22%, appointment times 19%, what to bring 11%, visiting 9%, other 39%.
Thumbs-down rate fell from 14.2% (month 1) to 6.8% (month 6) after 3 prompt revisions (v1.0, v1.1, v1.3).
`,
	"ward,beds,predicted_discharges,actual_discharges,mae\n" +
		"Ward 5,28,6.1,5.8,1.2\n" +
		"Ward 7,30,5.4,6.0,1.4\n" +
		"Ward 12,24,4.2,4.1,0.9\n" +
		"Ward 14,32,7.7,7.0,1.6\n" +
		"AMU,44,15.3,16.1,2.8\n",
	`Time-and-motion results (2 weeks before, 2 weeks after, n=19 nurses)
| Task | Before (min/day) | After (min/day) | Change |
|---|---|---|---|
| Documentation | 74 | 46 | -38% |
| Travel | 102 | 99 | -3% |
| Direct care | 211 | 236 | +12% |
Accuracy audit of 300 notes: 281 correct (93.7%), 17 minor errors, 2 clinically significant (both caught at sign-off).
`,
	`Stewardship results
| Indicator | Baseline (Q3 2023) | Pilot (Q1-Q2 2024) |
|---|---|---|
| IV-to-oral switch within 24h of flag | 38% | 61% |
| Days of therapy per 1,000 admissions | 612 | 548 |
| Flags raised | - | 3,904 |
| Flags actioned | - | 2,771 (71.0%) |
Odds ratio for timely switch 2.55 (95% CI 2.08-3.13).
`,
	`Backlog and turnaround
| Month | Cases received | Backlog at month end | Median TAT (days) |
|---|---|---|---|
| Oct 2023 | 412 | 2,140 | 14 |
| Dec 2023 | 398 | 1,561 | 11 |
| Feb 2024 | 430 | 844 | 8 |
| Apr 2024 | 405 | 310 | 6 |
`,
}

var r7Tech = []string{
	`Integration: results come back to PACS as a secondary capture and an HL7 v2 ORU^R01 message. Example (test system, no patient data):
MSH|^~\&|AIVENDOR|RAD|PACS|TRUST|20240312101500||ORU^R01|MSG00042|P|2.4
OBR|1||ACC-TEST-0001|CXR^Chest X-ray|||20240312100900
OBX|1|ST|AI-TRIAGE^Priority||ROUTINE||||||F
Interface engine: Rhapsody 6.7. Change request CR-1187 raised 12/02/2024, closed 19/03/2024.
`,
	`Governance: DTAC completed by the supplier (v2.0 form, submitted 21/08/2023); clinical safety case to DCB0129 from the supplier and our DCB0160 hazard log (HAZ-014 to HAZ-031, 18 hazards, 2 rated 3 after mitigation). DSPT 2023-24 status: Standards Met. Data flows recorded on the ROPA as entry 212. Cyber assurance via the supplier's Cyber Essentials Plus certificate (expiry 04/2025).
`,
	`FHIR: the tool reads Observation resources through our FHIR R4 facade. Query we used for the test harness (synthetic data only):
GET /fhir/Observation?category=vital-signs&date=ge2024-01-01&_count=100
{"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://snomed.info/sct", "code": "86290005", "display": "Respiratory rate"}]}, "valueQuantity": {"value": 18, "unit": "/min"}}
Latency p95 was 840 ms, p99 2.3 s.
`,
	`SQL used for the evaluation extract (pseudonymised; run by BI, ticket RITM0048213):
SELECT ward_code, COUNT(*) AS alerts, AVG(ack_minutes) AS mean_ack
FROM ai_alerts a JOIN wards w ON a.ward_id = w.id
WHERE alert_ts BETWEEN '2024-02-01' AND '2024-07-31'
GROUP BY ward_code ORDER BY alerts DESC;
The pseudonymisation key is held by IG; analysts only ever see a salted SHA-256 token, never the NHS number or MRN.
`,
	`Config snippet from the deployment (values are ours, nothing patient-level):
{"site": "main", "model_version": "3.6.2", "threshold": 0.72, "alert_channel": "teams", "retention_days": 30, "log_level": "info", "max_batch": 250}
Release notes: 3.6.0 (12/2023), 3.6.1 (02/2024, fixed a timezone bug at the BST change), 3.6.2 (04/2024). Uptime over pilot: 99.82%, 3 incidents (INC0091734, INC0092208, INC0095517).
`,
	`What worked: a named super-user per shift; a 20-minute huddle every Tuesday at 08:30; weekly dashboard emailed every Monday. What did not: single sign-on was not ready at go-live (Imprivata OneSign 7.5 upgrade slipped to 22/01/2024), so staff had 2 log-ins for 6 weeks; the mobile app needed iOS 16.4 or later and 31 of 120 trust phones were older.
`,
	`Information governance: lawful basis Article 6(1)(e) and Article 9(2)(h) UK GDPR; the supplier is a processor under a contract with the standard NHS data processing terms. No data used for model training (clause 14.3). The date of birth field is removed before anything leaves the EPR and ages are banded (18-39, 40-64, 65-79, 80+). Caldicott Guardian approval 09/10/2023.
`,
	`Evaluation design: stepped-wedge over 4 steps of 3 weeks; primary outcome measured on all admissions aged 18 and over; 2 interim looks with O'Brien-Fleming boundaries. Sample size 1,840 per arm for 80% power to detect a 2-point difference at alpha 0.05. Protocol v1.2 dated 11/01/2024; statistical analysis plan v1.0 dated 29/01/2024.
`,
	`Architecture: on-prem inference server (2 x NVIDIA L40S, Ubuntu 22.04 LTS) in the trust data centre, DICOM router (Laurel Bridge Compass 4.3) sending studies by AE title AI_ROUTER on port 11112; results returned within a median 3.4 minutes (p90 6.1). Firewall change FW-2023-0412 and penetration test by a CREST supplier (report 14/11/2023, 0 critical, 2 medium findings fixed).
`,
	`Change control: CAB approval CHG0034421 (standard change thereafter). Rollback plan tested 07/03/2024 in 23 minutes. Business continuity: if the AI service is down, worklists fall back to date order, which happened twice (total 5 h 40 min). The service desk has a knowledge article KB0012877 for the outage script.
`,
	`Training and adoption: 3 e-learning modules (total 45 min) on the trust LMS, completion 92% (221 of 240); face-to-face drop-ins on 14, 15 and 21 March 2024. Active use in week 12: 78% of eligible staff on at least 3 days a week. Feedback survey (n=134): 71% would not go back, 9% want it removed.
`,
	`Equality and bias: the supplier's validation set was 62% white British; we checked performance by ethnicity group, sex and age band on our own 6-month retrospective cohort (n=9,812). Sensitivity ranged 0.90 to 0.95 across groups; the lowest was the 80+ band, which we flagged to the supplier (ticket SUP-55710). EqIA reference EQIA-2023-089.
`,
}

var r7Contact = []string{
	`Contacts: the digital transformation team, ai.programme@airedale-trust.nhs.uk, or via switchboard 0300 123 4567 and ask for the CCIO office. Site: Airedale General Hospital, Skipton Road, Steeton, Keighley, BD20 6TD.
Links: https://transform.england.nhs.uk/ai-lab/ and our board paper (public, item 7.2, 28 March 2024).
`,
	`If you want to visit or borrow our DPIA template, email the information governance team at ig.team@yorkshirepartnership.nhs.uk or call 0300 555 0123 (Mon-Fri 09:00-17:00). Our address for post: Trust Headquarters, Kendray Hospital, Doncaster Road, Barnsley, S70 3RD.
`,
	`Contact: practice mailbox (for professional enquiries only) aire.valley.practice@nhs.net. Practice address: Aire Valley Surgery, Bradford Road, Shipley, BD18 3EE. Published number for other practices: 0300 303 8181. Ask for the digital lead.
`,
	`Happy to talk: ask for the AI adoption team on 0800 915 4455 or write to radiology.ai@leedsth.nhs.uk. Visits can be arranged to St James's University Hospital, Beckett Street, Leeds LS9 7TF (Bexley Wing, level 2). Slides from our HIN webinar on 18/06/2024 are on FutureNHS.
`,
	`For the evaluation report contact the ICB digital team: wyicb.digital@nhs.net, 0300 009 0105. ICB office: White Rose House, West Parade, Wakefield, WF1 1LT. FOI requests: 0845 602 3456.
`,
	`Questions welcome in #ai-pilots or by email to clinical.safety@northernpartnership.nhs.uk. Post: Clinical Safety Office, Trust HQ, Harrogate District Hospital, Lancaster Park Road, Harrogate HG2 7SX. Switchboard (published): 0300 033 1234.
`,
	`The programme mailbox is pharmacy.informatics@midyorks.nhs.uk; for general enquiries use 0300 211 5000. Pinderfields Hospital, Aberford Road, Wakefield WF1 4DG. We are happy to share our SQL and the DCB0160 hazard log on request.
`,
	`Get in touch: digital.nursing@communityhealth.nhs.uk or 0300 456 2370. Our base: Unit 4, Navigation Way, Salford Quays, Manchester M50 3XX. We will present at the regional CNIO network on 12 September 2024.
`,
	`Reach the DESP office at desp.admin@nhs.net or 0300 123 1002. Office: Scarborough Hospital, Woodlands Drive, Scarborough YO12 6QL. The full evaluation (42 pages) is on the HIN website.
`,
	`Further information: maternity.digital@bradfordhospitals.nhs.uk, or the patient advice line 0800 587 1234. Bradford Royal Infirmary, Duckworth Lane, Bradford BD9 6RJ. Next review of this lesson: 31/03/2025.
`,
}

func r7Compose(i int) string {
	return r7Intro[i%len(r7Intro)] + "\n" +
		r7Table[(i*3+1)%len(r7Table)] + "\n" +
		r7Tech[(i*5+2)%len(r7Tech)] + "\n" +
		r7Contact[(i*7+3)%len(r7Contact)]
}

// r7Extra gives lesson variety beyond the composition: realistic lines that
// often trip naive screens but carry no patient identifier.
var r7Extra = []string{
	"Note: the NHS number verification rate on referrals rose from 91.2% to 99.6% once the PDS lookup was automated.",
	"Patients aged 65 and over made up 58% of the cohort; the oldest age band (90+) had 212 patients.",
	"Budget codes: cost centre 4712, subjective 58210; purchase order PO-2024-118342.",
	"The MRN field was hashed before export and the hospital number column dropped entirely.",
	"Timeline: kick-off 03/04/2023, DPIA signed 12/06/2023, go-live 04/09/2023, evaluation complete 28/02/2024.",
	"Version history: 2.3.1 -> 2.4.0 -> 2.4.7; schema 11; API v3.",
	"Ticket references: INC0087123, RITM0052290, PRB0004415, CHG0031877.",
	"We used the DOB-free extract (age at referral only) agreed with the Caldicott Guardian on 21/11/2023.",
	"Out-of-hours cover: NHS 111 and, for emergencies, 999; our own team is not an emergency service.",
	"ODS codes of participating practices: B82005, B82018, B82033, B82617; PCN code U55021.",
	"The model card lists AUROC 0.871 (95% CI 0.852-0.889) on 48,215 admissions from 2019-2022.",
	"Staffing: 0.6 WTE band 8a, 1.0 WTE band 6, 0.2 WTE consultant PA (2 PAs a week).",
	"The first prototype was born in a 2022 NHSX skunkworks sprint; production started 11 months later.",
	"Read codes and SNOMED: we mapped 1,482 local codes; 37 had no match and were reviewed by 2 coders.",
	"Hardware asset tags AT-004512 to AT-004530 were reassigned to the ward after the pilot.",
	"Procurement via G-Cloud 13 (framework RM1557.13), lot 2; contract value 148,500 over 2 years.",
	"Dates of the 4 steering groups: 12 Jan 2024, 9 Feb 2024, 8 Mar 2024, 12 Apr 2024.",
	"Staff survey: 134 responses, mean 4.1/5, SD 0.8; free-text themes coded by 2 reviewers (kappa 0.78).",
	"Room bookings: Education Centre room 3, ext 4521, every Tuesday 12:30-13:30.",
	"Born-digital records only: scanned paper notes from before 2015 were out of scope.",
}

func r7Lesson(i int) string {
	return r7Compose(i) + "\n" + r7Extra[i%len(r7Extra)] + " " + r7Extra[(i+7)%len(r7Extra)] + "\n"
}

type r7Hid struct {
	name string
	kind Kind
	line string // the one sentence carrying the identifier
	at   int    // which block it follows: 0 intro, 1 table, 2 tech, 3 end
}

var r7Hidden = []r7Hid{
	{"nhsPasted", NHSNumber, "Example of a flagged record from the worklist: NHS No. 626 018 1590, 74F, lactate 4.1, NEWS2 7.", 1},
	{"nhsScreenshot", NHSNumber, "Screenshot 3 (attached in the original deck) shows the patient banner with NHS number 4830166134 and the AI priority flag in red.", 2},
	{"nhsDashes", NHSNumber, "One referral bounced because the letter had the number typed as 486-091-3906, which our OCR read as a phone number.", 1},
	{"nhsLogLine", NHSNumber, "Interface error log, 12/03/2024 10:15:02 WARN ORU rejected: PID-3 796 030 8241^^^NHS not matched to PDS.", 2},
	{"nhsHl7Pid", NHSNumber, "PID|1||6281948211^^^NHS^NH||TESTPATIENT^ANON|||F", 2},
	{"nhsFhir", NHSNumber, `{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "7378657972"}]}`, 2},
	{"nhsCsv", NHSNumber, "audit_sample.csv first row: 6574911869,ED,2024-03-04,triage_cat_2,ai_agree", 1},
	{"nhsSlashes", NHSNumber, "The ward clerk wrote the patient's number on the incident form as 655/979/7112 which is how we traced the duplicate.", 3},
	{"nhsDots", NHSNumber, "The complaint letter quoted her NHS number 671.049.7461 so we handled it through PALS.", 3},
	{"nhsVignette", NHSNumber, "Case vignette used in training: Mrs P. (NHS 750 752 9177) was flagged at 02:40 and reviewed by the outreach team at 03:05.", 0},
	{"nhsSpaced", NHSNumber, "Our test harness accidentally used a live record, 4342 366 711, before we switched to synthetic data.", 2},
	{"chiVignette", CHINumber, "A cross-border case from NHS Lothian was included by mistake: CHI 1403582688, which we reported as an IG incident.", 1},
	{"dobVignette", DateOfBirth, "Case vignette: Mr Alan Pritchard, DOB 14/07/1945, admitted with community-acquired pneumonia, AI score 0.81.", 0},
	{"dobProse", DateOfBirth, "The patient who complained was born on the 3rd of April 1961 and had waited 19 weeks for her letter to be coded.", 3},
	{"dobIso", DateOfBirth, "Sample record from the extract: sex=F, date_of_birth=1952-11-23, ward=AMU, outcome=discharged.", 2},
	{"dobBanner", DateOfBirth, "The screenshot in appendix B shows the patient banner: SMITH, Margaret (Mrs) Born 14-Jul-1945 (78y).", 1},
	{"dobMonthName", DateOfBirth, "One of the false negatives was a lady born 2 March 1938 whose image was taken under poor lighting.", 1},
	{"dobLabel", DateOfBirth, "The discharge draft even copied the header line 'D.O.B.: 09.10.1949' into the summary body, which the reviewer removed.", 2},
	{"dobTwoDigitYr", DateOfBirth, "Test patient in the vendor demo was real: Mr K Baines, dob 21/06/57, so we stopped the demo.", 0},
	{"phoneComplaint", Phone, "The quoted complaint read: 'Nobody rang me back, my mobile is 07700 900417, please call after 5pm.'", 3},
	{"phoneLandline", Phone, "The chatbot transcript we reviewed had a patient typing 'call me on 0113 496 0732' despite the warning banner.", 1},
	{"phoneLondon", Phone, "Her daughter left her number (020 7946 0418) on the feedback form, which is how we got the follow-up interview.", 3},
	{"phoneIntl", Phone, "An escalation example from the log: caller +44 7700 900581 asked about parking and then her scan result.", 2},
	{"phoneNoSpace", Phone, "In the example reminder the template inserted the recipient 07700900736 in the footer by mistake.", 1},
	{"phoneDashes", Phone, "The patient left a voicemail asking us to call back on 0113-496-0155 about the missed reminder.", 3},
	{"phoneBrackets", Phone, "Mr Dawson gave his home number as (0113) 496 0981 in the survey free text.", 1},
	{"emailPatient", Email, "One free-text answer included the respondent's address, jackie.morrow1962@gmail.com, which we removed from the published quotes.", 1},
	{"emailQuote", Email, "A patient reply quoted in the evaluation: 'email me at sandra.okeefe@btinternet.com with the results'.", 3},
	{"emailChatLog", Email, "The chatbot log showed a user typing 'my email is m.kowalski.family@outlook.com, can you send my appointment'.", 3},
	{"emailHotmail", Email, "The complainant wrote from d.hartley77@hotmail.co.uk asking why a computer had read her scan.", 0},
	{"mrnLog", HospitalNumber, "Log line: 2024-03-12T10:15:02Z WARN worklist item skipped, MRN RAE4412983, reason=missing_series.", 2},
	{"hospNoVignette", HospitalNumber, "Case example from the M&M review: hospital number K0831147, 81M, alert at 04:10 not acknowledged until 06:55.", 1},
	{"unitNo", HospitalNumber, "The handover sheet photo in slide 9 still showed unit no. 00736422 next to bay 4.", 0},
	{"pasId", HospitalNumber, "Example from the DNA model output: PAS ID RR80047215, predicted DNA 0.64, called 2 days before.", 1},
	{"niDpia", NINumber, "The DPIA appendix listed one test identity taken from a real record: NI number JM 41 27 93 B, which we redacted on 04/03/2024.", 2},
	{"niCompact", NINumber, "Our benefits-advice referral field captured NINO JT482913B for one patient in the sample extract.", 1},
	{"niLower", NINumber, "A social prescribing referral in the sample included the patient's national insurance number ab 12 34 56 d.", 3},
	{"pcNamePatient", Postcode, "The complaint came from Mrs Eileen Hartley of 14 Moor Lane, Keighley BD21 4QE, who had received 3 reminders for one appointment.", 0},
	{"pcDobPatient", Postcode, "Our test record was copied from a real referral: Mrs Ann Kettlewell, LS6 2QT, diabetic retinopathy grade R2.", 1},
	{"pcPatientPair", Postcode, "Patient: John Whitcombe, HG1 5LA, referred 12/02/2024, AI grade R1M0.", 2},
}

func r7HiddenText(i int, h r7Hid) string {
	base := []string{
		r7Intro[(i+3)%len(r7Intro)],
		r7Table[(i*5+2)%len(r7Table)],
		r7Tech[(i*7+1)%len(r7Tech)],
		r7Contact[(i*3+5)%len(r7Contact)],
	}
	var b strings.Builder
	for j, s := range base {
		b.WriteString(s)
		if j == h.at {
			b.WriteString(h.line + "\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func r7Snip(text string, f Finding) string {
	lo, hi := f.Start-40, f.End+40
	if lo < 0 {
		lo = 0
	}
	if hi > len(text) {
		hi = len(text)
	}
	return strings.ReplaceAll(text[lo:hi], "\n", "⏎")
}

func r7LessonName(i int) string { return fmt.Sprintf("L%02d", i+1) }

func TestReview7Lessons(t *testing.T) {
	s := New(DefaultAllowList())
	for i := 0; i < 40; i++ {
		text := r7Lesson(i)
		t.Run(r7LessonName(i), func(t *testing.T) {
			if n := len(text); n < 800 || n > 2500 {
				t.Fatalf("case length %d out of range", n)
			}
			for _, f := range s.Find(text) {
				t.Errorf("unexpected %v at %d-%d: %q", f.Kind, f.Start, f.End, r7Snip(text, f))
			}
		})
	}
}

func TestReview7Hidden(t *testing.T) {
	s := New(DefaultAllowList())
	if len(r7Hidden) != 40 {
		t.Fatalf("want 40 hidden cases, have %d", len(r7Hidden))
	}
	for i, h := range r7Hidden {
		text := r7HiddenText(i, h)
		t.Run(h.name, func(t *testing.T) {
			if n := len(text); n < 800 || n > 2500 {
				t.Fatalf("case length %d out of range", n)
			}
			fs := s.Find(text)
			for _, f := range fs {
				if f.Kind == h.kind ||
					(h.kind == NHSNumber && f.Kind == CHINumber) ||
					(h.kind == CHINumber && f.Kind == NHSNumber) {
					return
				}
			}
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%v %q", f.Kind, r7Snip(text, f)))
			}
			t.Errorf("missed %v in line %q; found %v", h.kind, h.line, got)
		})
	}
}
