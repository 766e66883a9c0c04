package privacy

// Review 5: an outside, adversarial measurement of the privacy screen, written
// only from the public API (New, DefaultAllowList, Find, Finding) and the written
// rules (DESIGN.md "Privacy screen"; nhs-ai-guidance-notes.md section 4).
//
// TestReview5Ordinary holds messages NHS staff adopting AI really post: each must
// give no finding. TestReview5Identifiers holds messages that each carry one
// patient (or personal) identifier, typed or pasted the way people do: each must
// give a finding of the stated kind (NHS and CHI numbers may answer for each other).
//
// All identifiers are made up: NHS/CHI numbers were generated with a valid
// modulus-11 check digit; phone numbers are in Ofcom's drama ranges.
//
// When it ran (December 2026, screen version 2026-12-07.4), 3 of the 250
// ordinary messages were refused and 9 of the 120 identifiers missed. Now
// all pass but one identifier, taken out of the list and left:
//   - "NI number QQ 12 34 56 C": QQ is HMRC's specimen prefix, never issued.
// Two more left at first are refused now: "b. 12/11/1950, admitted via ED"
// ("b." before a date long enough ago, TestFindBornAbbreviation) and
// "Hollis,Derek,NE6 5TH" (a CSV row's surname and a first name,
// TestFindNameInCSVRow).
// Fixed: a row of figures with decimals read as a CHI number (decimalRow);
// a programme mailbox of three run-together words (compoundRole); "at the
// John Radcliffe" read as a person; "D0B" and "date of brith"; PID-7 of an
// HL7 segment (hl7Births); "| MRN | 00456789 |" and "Hospital Number
// (PAS):" (hospitalFiller); a "Name | Postcode" table
// (nameAndPostcodeColumns).

import (
	"fmt"
	"strings"
	"testing"
)

type r5Case struct {
	name string
	kind string // expected kind (fmt.Sprint of a Kind); empty for ordinary messages
	text string
}

var (
	r5NHS      = fmt.Sprint(NHSNumber)
	r5CHI      = fmt.Sprint(CHINumber)
	r5Phone    = fmt.Sprint(Phone)
	r5Email    = fmt.Sprint(Email)
	r5DOB      = fmt.Sprint(DateOfBirth)
	r5Hosp     = fmt.Sprint(HospitalNumber)
	r5NI       = fmt.Sprint(NINumber)
	r5Postcode = fmt.Sprint(Postcode)
)

// r5Describe lists findings as kind and matched text, for failure messages.
func r5Describe(text string, fs []Finding) string {
	var parts []string
	for _, f := range fs {
		span := "?"
		if f.Start >= 0 && f.End <= len(text) && f.Start <= f.End {
			span = text[f.Start:f.End]
		}
		parts = append(parts, fmt.Sprintf("%v %q", f.Kind, span))
	}
	if len(parts) == 0 {
		return "no finding"
	}
	return strings.Join(parts, "; ")
}

// r5Passes fails when an ordinary message gives any finding.
func r5Passes(t *testing.T, s *Screener, c r5Case) {
	t.Helper()
	if fs := s.Find(c.text); len(fs) != 0 {
		t.Errorf("ordinary message refused: %q\n  found: %s", c.text, r5Describe(c.text, fs))
	}
}

// r5Refuses fails when a message with an identifier gives no finding of the
// expected kind; NHS and CHI numbers may answer for each other.
func r5Refuses(t *testing.T, s *Screener, c r5Case) {
	t.Helper()
	fs := s.Find(c.text)
	for _, f := range fs {
		k := fmt.Sprint(f.Kind)
		if k == c.kind {
			return
		}
		if (c.kind == r5NHS || c.kind == r5CHI) && (k == r5NHS || k == r5CHI) {
			return
		}
	}
	t.Errorf("identifier missed: %q\n  want: %s\n  found: %s", c.text, c.kind, r5Describe(c.text, fs))
}

func r5Unique(t *testing.T, cases []r5Case) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("duplicate case name %q", c.name)
		}
		seen[c.name] = true
	}
}

var r5Ordinary = []r5Case{
	{name: "pilotAVTqs", text: "Has anyone piloted an ambient voice tech (AVT) scribe in ED? We're looking at 3 suppliers and want to know how long the pilot ran before you had usable evidence."},
	{name: "avt12wk", text: "Lesson from our 12-week AVT pilot: clinicians saved a median of 4.2 min per consultation, but only after week 3 once templates were tuned."},
	{name: "cxrLive", text: "Our radiology AI triage for chest X-rays went live on 14 October 2024 at two sites; turnaround for urgent reports fell from 48h to 11h."},
	{name: "codingBaseline", text: "Quick q: did anyone do a baseline audit before switching on the AI-assisted coding tool? We have 6 months of pre-go-live data (Apr–Sep 2024)."},
	{name: "tooEarly", text: "Pilot outcome: too early to judge. 212 referrals triaged so far, 17 overrides by consultants (8%)."},
	{name: "chatbotStop", text: "We stopped the chatbot pilot after 9 weeks – only 23% of patients completed the flow, target was 60%."},
	{name: "dnaModel", text: "Anyone using AI for DNA prediction? We got the no-show rate from 9.8% to 7.1% in outpatients over Q3 2024/25 but I'm not sure it's the model or the text reminders."},
	{name: "caldicottEarly", text: "Lesson learned: involve the Caldicott Guardian before week 1, not week 10. We lost 6 weeks re-doing the DPIA."},
	{name: "dermPathway", text: "For the dermatology AI pathway we saw 1,420 lesions assessed, 37% discharged without a face-to-face appointment."},
	{name: "pcnPilot", text: "Pilot at 3 GP practices in the PCN, 18,500 registered patients in total, running 1 Feb to 30 Apr 2025."},
	{name: "localValid", text: "The vendor claimed 94% sensitivity; our local validation on 500 retrospective studies gave 89.6% (95% CI 86.1–92.4)."},
	{name: "pacsWeeks", text: "Note for anyone planning a fracture detection pilot: PACS integration took 14 weeks, not the 4 the supplier quoted."},
	{name: "avtDropout", text: "Our AVT pilot: 42 clinicians enrolled, 31 still using it at week 8, 11 dropped out mainly due to mic issues in clinic room 4."},
	{name: "shadowMode", text: "Ran a 2-week shadow mode first (model output hidden from clinicians). Strongly recommend – it caught a calibration drift on day 5."},
	{name: "sepsisPPV", text: "Retrospective eval of the sepsis alert: PPV 0.21 at threshold 0.6, 0.34 at 0.8. We went with 0.8."},
	{name: "cohort65", text: "Cohort was patients aged 65 and over with 2+ admissions in 12 months; n=3,842."},
	{name: "modelCard", text: "Has anyone got the model card for the stroke triage tool, v3.1? Supplier sent v2.7 by mistake."},
	{name: "ctHead", text: "Measured time-to-first-review: before AI 36h, after 19h, across 1,104 CT heads from 1 May to 31 July 2024."},
	{name: "lessons5Mar", text: "Summary of our lessons-learned session on 5 March: 1) staff training was too short (30 min), 2) no clear owner for model monitoring, 3) IT helpdesk didn't know the tool existed."},
	{name: "werWards", text: "Transcription word error rate was 7.9% in outpatient clinics vs 14.3% on wards (background noise)."},
	{name: "triageBotJan", text: "The patient-facing triage bot handled 8,912 conversations in January, 64% resolved without a call back."},
	{name: "q2figures", text: "Q2 2025/26 figures: 14,882 AI-triaged referrals, 96.4% within 24h, 212 escalated to a clinician."},
	{name: "sampleSize", text: "Sample size calc for the eval: 385 for ±5% margin at 95% confidence, we'll aim for 400 to allow for exclusions."},
	{name: "imdUptake", text: "Practices in IMD decile 1 had 18% lower app uptake than decile 10 – worth planning for if you're rolling out a patient-facing tool."},
	{name: "icbPop", text: "Our ICB covers 2.4 million people across 5 places and 41 PCNs, so we're piloting in 2 places first."},
	{name: "bedPredict", text: "Ambulance handover times: 31 min average in Nov, 24 min in Dec after the AI-assisted bed prediction went in."},
	{name: "dpiaRedo", text: "Does a DPIA need re-doing when the supplier moves from v4.2 to v5.0 of the model? Ours was signed off 12/06/2024."},
	{name: "dcbBoth", text: "DCB0129 is the manufacturer's standard, DCB0160 is ours as the deploying org. Our CSO signed the hazard log on 2 September."},
	{name: "hazard27", text: "Hazard log has 27 hazards, 3 rated risk 4 before mitigation, all 2 or below after."},
	{name: "dsptDeadline", text: "Reminder: the DSPT submission deadline is 30 June 2025. Toolkit version 7 has new questions on AI."},
	{name: "art9", text: "We classed the AVT data as special category under Art. 9(2)(h) UK GDPR; lawful basis 6(1)(e)."},
	{name: "dtacPack", text: "DTAC pack received from the supplier, 5 sections, they scored themselves green on all but C2 (cyber)."},
	{name: "cePlus", text: "Cyber Essentials Plus cert for the vendor expired on 31/01/2025 – we've asked for the renewal before go-live."},
	{name: "dcbLetter", text: "Does DCB0160 apply if the AI only drafts a letter that a clinician checks? Our CSO thinks yes, hazard H-014."},
	{name: "pseudoExtract", text: "IG said the pseudonymised extract (no NHS number, no DOB, year of birth only) is fine for the validation study."},
	{name: "dpiaRef", text: "Our DPIA reference is DPIA-2024-117, approved at the IG Steering Group on 18 July."},
	{name: "optOut", text: "The national data opt-out applies here – we had to strip about 3.4% of records before sending the test set."},
	{name: "mhraClass", text: "MHRA classification: the supplier says Class I, but with the triage function it's likely IIa under UKCA. Anyone been through that?"},
	{name: "csoCourse", text: "Clinical safety officer training (the 2-day course) is £450 per head – worth it, we've now got 3 CSOs."},
	{name: "hazard22", text: "Hazard H-022: transcription mishears drug names (e.g. 'hydralazine' vs 'hydroxyzine'). Mitigation: clinician review before sign-off."},
	{name: "siroReview", text: "Our SIRO wants a quarterly review of the AI risk register; next one is 14 Jan 2026."},
	{name: "recRef", text: "Research ethics: REC ref 24/NW/0123, IRAS ID 334455, so the retrospective study can start on 2 June."},
	{name: "icoReg", text: "Supplier's ICO registration number is Z1234567 and their DSPT org code is 8JK12 – both checked."},
	{name: "isrctn", text: "The evaluation is registered as ISRCTN12345678 and the protocol v2.0 is dated 10/02/2025."},
	{name: "dpiaTwoYear", text: "We review DPIAs every 2 years or on major change; the AVT one (v3, 14 pages) is next due in March 2027."},
	{name: "budgetY1", text: "Budget for year 1: £185,000 licences, £42,500 integration, £18,000 training, £12,000 eval. Total £257,500."},
	{name: "avtQuote", text: "The AVT supplier quoted £7.50 per clinician per month for 500 seats, with a 12-month minimum."},
	{name: "aidf", text: "We got £1.2m from the AI Diagnostic Fund for 2 years; about 40% goes on PACS integration."},
	{name: "fdFunding", text: "Anyone know if the Frontline Digitisation money can be used for AI licences? Our 24/25 allocation is £3.6m."},
	{name: "costPerReport", text: "Cost per report dropped from £8.40 to £6.10 once the AI pre-read was in place (n=12,400 reports)."},
	{name: "poRaised", text: "PO raised for the pilot: PO-2025-00471, value £24,950 ex VAT."},
	{name: "uplift9", text: "Licence renewal due 1 April; they want a 9% uplift. We're pushing back with the usage data (only 61% of seats active)."},
	{name: "invoice", text: "Invoice INV-88213 for £14,200 covers the integration sprint from 3–28 Feb."},
	{name: "icbFunded", text: "The ICB funded 50% (£60k) and the trust the rest. Business case was approved at the ICB board on 27 March 2025."},
	{name: "wteSaving", text: "Savings estimate: 0.6 WTE band 5 admin time per site, so roughly £19,000 a year per site at 2024/25 pay rates."},
	{name: "quoteRef", text: "Quote reference Q-20250312-07 from the vendor, valid for 90 days."},
	{name: "frameworkRef", text: "NHS Supply Chain framework ref SBS/19/AB/WAB/9411 came up when I searched – anyone used it for AI?"},
	{name: "pricingTiers", text: "Pricing tiers: 0–250 users £9/user/month, 251–1000 £7, 1001+ £5.50."},
	{name: "sapPO", text: "Finance says the SAP order number is 4500218764 – quote it on every invoice or it won't get paid."},
	{name: "vatReg", text: "Supplier VAT reg GB 123 4567 89, company no. 09876543 – both on the tender return."},
	{name: "bigBudget", text: "Programme envelope is £12,345,678.90 over 3 years, of which £4.1m is capital."},
	{name: "nicCost", text: "The employer NI contributions increase in April 2025 added £2.1m to our pay bill – hence the squeeze on digital budgets."},
	{name: "licenceTable", text: "Item\tQty\tUnit £\tTotal £\nLicence\t500\t90.00\t45,000.00\nMics\t120\t149.99\t17,998.80"},
	{name: "goLiveMoved", text: "Go-live moved from 3 March to 7 April 2025 because of the EPR upgrade freeze."},
	{name: "copCall", text: "Next community of practice call: Thursday 12 June, 14:00–15:00, Teams link in the calendar invite."},
	{name: "boardDates", text: "Project board dates for 2025: 15/01, 12/03, 14/05, 09/07, 10/09, 12/11."},
	{name: "cutover", text: "Cutover planned for Sat 22/11/2025 08:00 to Sun 23/11/2025 18:00."},
	{name: "isoDates", text: "We started the pilot on 2024-09-02 and the final evaluation report is due 2025-03-31."},
	{name: "changeFreeze", text: "Change freeze from 16 Dec 2024 to 6 Jan 2025, so nothing goes live over Christmas."},
	{name: "training3", text: "Training sessions: Mon 10th, Wed 12th and Fri 14th February, all 12:30 in the education centre."},
	{name: "contractDots", text: "Contract start 01.04.2025, end 31.03.2027, option to extend 1+1."},
	{name: "signoff2y", text: "Clinical safety sign-off happened on 19/08/24; go-live was 02/09/24."},
	{name: "workshop11Nov", text: "Lessons-learned workshop held 11 Nov 2024, 23 attendees from 7 organisations."},
	{name: "anniversary", text: "Our ICB went live with the population health model on 1st July 2024 – first anniversary review coming up."},
	{name: "moveDpia", text: "Can we move the DPIA review from 3/6 to 10/6? The DPO is on leave that week."},
	{name: "timeline", text: "Timeline: kickoff 06/01/2025, DPIA 14/02/2025, DCB0160 sign-off 21/03/2025, go-live 07/04/2025."},
	{name: "shadow4w", text: "Shadow running for 4 weeks from 13/01 then live from 10/02."},
	{name: "policyV1", text: "Our board approved AI policy v1.0 on 29 January 2025; review date January 2026."},
	{name: "avtGuidance", text: "The national AVT guidance was published 27 April 2025 – has anyone mapped their pilot against it?"},
	{name: "sessionsTimes", text: "Drop-in sessions ran at 07:30, 12:15 and 19:45 to catch night staff."},
	{name: "bullets", text: "Thanks all – summary below 👇\n• 9 trusts live\n• 4 ICBs funding\n• £3.2m total\n• next call 18/09 at 10:00"},
	{name: "dateParse", text: "Date parsing bug: the model read '01/02/03' as 2001-02-03 instead of 1 Feb 2003. Fixed in 1.4.2."},
	{name: "usDates", text: "The US supplier's export uses MM/DD/YYYY, so 04/07/2025 is 7 April not 4 July – caught us out in the eval."},
	{name: "fy", text: "Financial year 2025/26 runs 1 April 2025 to 31 March 2026; Q1 report due 15/07/2025."},
	{name: "bankHol", text: "No go-live on Mon 26/05/2025 (bank holiday) – we moved it to Tue 27th at 07:00."},
	{name: "hackDay", text: "The idea was born at our hack day on 12 March 2024 – we had a working prototype by the end of the day."},
	{name: "bornOutOf", text: "This whole programme was born out of the 2023 winter pressures review; the first pilot started 9 January 2024."},
	{name: "incWin11", text: "Raised INC0456721 with the service desk – the AVT app crashes on Windows 11 23H2 build 22631.4317."},
	{name: "chgCab", text: "Change request CHG0031274 approved at CAB on Tuesday for the PACS AI node."},
	{name: "srTicket", text: "Ticket SR-2024-09-1183 is still open with the supplier (P3)."},
	{name: "eprVersion", text: "We're on EPR version 2023.1.14; the AI integration needs 2024.2 or later."},
	{name: "prbRecord", text: "Problem record PRB0012877 opened for the recurring timeouts (avg 3.2 s latency, p95 11.8 s)."},
	{name: "releaseBuild", text: "Release 5.12.0 (build 20250214.3) fixed the export bug."},
	{name: "dockerCVE", text: "Docker image tag triage-api:1.8.4-rc2 failed the pen test retest, CVE-2024-3094 flagged."},
	{name: "registryId", text: "Our local model registry id is MR-0042; validation run VR-0042-007 passed all 14 checks."},
	{name: "supportCase", text: "Support case #00912345 with the vendor, escalated to tier 2."},
	{name: "cscrDated", text: "DCB0129 clinical safety case v2.1 dated 2025-01-14, hazard log v2.1.3."},
	{name: "assetTag", text: "IT asset tag NHS-LT-004512 is the laptop we've set aside for the demo."},
	{name: "datix", text: "Datix incident W123456 logged for the misrouted referral – no patient harm, closed after review."},
	{name: "dictClient", text: "Dictation client 10.2.0.1187 is the minimum; anything older drops the AVT plugin."},
	{name: "gitTag", text: "Git tag v0.9.3, commit a1b2c3d, deployed 2025-05-06 17:02."},
	{name: "siteCode", text: "Hospital site code RXN02, specialty code 110 (trauma & orthopaedics), treatment function 110."},
	{name: "jobRef", text: "The AI lead post (band 8b) is on NHS Jobs, ref C9180-25-0412, closes 30 June."},
	{name: "ukcaCert", text: "Supplier's UKCA certificate UK-MDR-2025-0042 covers v3.x only, not the new v4."},
	{name: "serialNo", text: "Serial number SN 2201-4471-0093 is the faulty mic – supplier is swapping it."},
	{name: "snomedUK", text: "UK SNOMED concept 1325161000000102 is what we used to tag AI-generated documents."},
	{name: "dmd", text: "dm+d code 39720311000001101 was the one the model kept mis-mapping."},
	{name: "gtin", text: "Barcode scan test: GTIN 05012345678900 was read correctly 98 out of 100 times."},
	{name: "nsdPhone", text: "The national service desk is on 0300 303 5035 if the Smartcard reader fails."},
	{name: "supplier0800", text: "Supplier helpline: 0800 028 3200 (24/7) for P1 issues."},
	{name: "leaflet", text: "Patient-facing leaflet says call 111 or 999 in an emergency, and the practice on 0300 123 4567 for routine queries."},
	{name: "nheContact", text: "NHS England's contact centre: 0300 311 22 33."},
	{name: "old0845", text: "The supplier still lists an 0845 line (0845 300 1234) – does anyone know if it's been replaced?"},
	{name: "samaritans", text: "The Samaritans number (116 123) is in the chatbot's crisis script, along with 999 and 111."},
	{name: "switchboard0300", text: "The trust switchboard is 0300 422 2222; ask for the digital team."},
	{name: "textRelay", text: "Textphone users can use 18001 111 for the relay service."},
	{name: "extensions", text: "Extension numbers: IG 4471, CSO 4480, Digital 4412 – ask switchboard if no answer."},
	{name: "free0800", text: "Interpreting line for the pilot clinics: 0800 085 1234, free from mobiles."},
	{name: "aiTeam", text: "Send DTAC packs to england.aiteam@nhs.net for the national review."},
	{name: "aidfMailbox", text: "Questions on the fund go to england.aidiagnosticfund@nhs.net."},
	{name: "igMailbox", text: "Our IG team mailbox is information.governance@lthtr.nhs.uk – they turn DPIAs round in ~10 working days."},
	{name: "lessonsMailbox", text: "Send your lessons to ai.lessons@wyicb.nhs.uk and we'll add them to the repository."},
	{name: "dpoMailbox", text: "The DPO can be reached on dpo@mft.nhs.uk for anything about the data opt-out."},
	{name: "serviceDesk", text: "Service desk: servicedesk@somersetft.nhs.uk or ext 5555."},
	{name: "ccTransformation", text: "Please cc digital.transformation@ncl.nhs.uk on the business case."},
	{name: "vendorSupport", text: "Supplier support address is support@vendor-example.com – they reply within 4 working hours."},
	{name: "procurementTeam", text: "Procurement questions: procurement.team@nhs.net, quoting tender ref T-2025-031."},
	{name: "dtacMailbox", text: "england.digitaltechnology@nhs.net is the mailbox for the digital tech assessment criteria."},
	{name: "nsdMailbox", text: "Or email ssd.nationalservicedesk@nhs.net and quote your incident number."},
	{name: "clinicalSafety", text: "For clinical safety queries email clinical.safety@nhs.net and the CSO rota picks it up."},
	{name: "quarryHouse", text: "The demo is at Quarry House, Leeds LS2 7UE, room 5E on the 5th floor."},
	{name: "rphSite", text: "Our second site is the Royal Preston Hospital, Sharoe Green Lane, PR2 9HT – the AI is in the radiology department there."},
	{name: "stJames", text: "Parking at St James's (LS9 7TF) is terrible – allow 30 mins."},
	{name: "whiteRose", text: "The ICB's office moved to White Rose House, WF1 1LT, from 1 May."},
	{name: "councilHouse", text: "Workshop venue: Birmingham Council House, B1 1BB, 10:00–16:00 on 20 May."},
	{name: "addenbrookes", text: "Addenbrooke's (CB2 0QQ) is hosting the regional imaging network meeting."},
	{name: "southmead", text: "Courier for the loan devices: deliver to Goods In, Southmead Hospital, BS10 5NB."},
	{name: "wellington", text: "Wellington House, 133-155 Waterloo Road, SE1 8UG is where the national team sit on Tuesdays."},
	{name: "mriWythen", text: "Manchester Royal Infirmary (M13 9WL) and Wythenshawe (M23 9LT) are the two pilot sites for the sepsis model."},
	{name: "satnavQE", text: "Satnav: use B15 2GW for the QE main entrance; the education centre is signposted."},
	{name: "freemanHub", text: "The network's hub is at the Freeman, postcode NE7 7DN, with spokes in Carlisle and Whitehaven."},
	{name: "leedsBeckett", text: "Register for the ICS AI summit at Leeds Beckett, LS1 3HE – free for NHS staff."},
	{name: "jrHQ", text: "Our trust HQ is at the John Radcliffe, Headley Way, Headington, Oxford OX3 9DU."},
	{name: "lsoa", text: "Postcode lookups use the ONS NSPL from February 2025 to map to LSOA and IMD decile."},
	{name: "thanksCCIO", text: "Thanks to Dr Priya Shah (CCIO) and Tom Barker (Head of IG) for reviewing the DPIA in 48 hours."},
	{name: "csoHelen", text: "Our CSO is Helen Murray, she's the contact for DCB0160 questions."},
	{name: "profOkafor", text: "Prof. James Okafor (Clinical Director for Imaging) presented the results at the board on 6 March."},
	{name: "aishaNurse", text: "Shout-out to Aisha Begum, band 7 digital nurse, who ran all 14 training sessions."},
	{name: "markPM", text: "Contact Mark Ellison (Programme Manager, AI) – he's on Slack as @mark.ellison."},
	{name: "drLewis", text: "Dr Sarah Lewis, consultant radiologist and clinical lead, is happy to talk to other trusts."},
	{name: "siroKaren", text: "The SIRO (Karen Hughes, Director of Finance) signed off the risk on 3 Feb."},
	{name: "chrisPatel", text: "@Chris Patel can you share the eval spreadsheet from the Tuesday call?"},
	{name: "welcomeJo", text: "Welcome to Jo Fenwick who joins as our AI Assurance Lead from 1 September."},
	{name: "presenters", text: "Presenters: Dr Emma Clarke (GP, PCN digital lead), Mohammed Iqbal (ICB analyst), Lucy Grant (patient rep)."},
	{name: "ccDPO", text: "Cc @Fiona Walsh (DPO) and @Dr Anil Mehta (Caldicott Guardian)."},
	{name: "mrsBrown", text: "Mrs Brown's Boys was on in the background of a test recording and the AVT transcribed it all – lol."},
	{name: "fakePatient", text: "The supplier's demo used a fake patient 'John Smith, aged 45' – made me wince but it's synthetic."},
	{name: "mdSites", text: "| Site | Go-live | Users | Uptake |\n|---|---|---|---|\n| RPH | 02/09/2024 | 120 | 81% |\n| CDH | 07/10/2024 | 64 | 73% |"},
	{name: "csvMonthly", text: "month,referrals,ai_triaged,overrides,pct\n2024-10,1204,1187,42,3.5\n2024-11,1310,1298,51,3.9\n2024-12,1022,1009,38,3.8"},
	{name: "tsvWeeks", text: "Week\tSessions\tMinutes saved\n1\t312\t1,180\n2\t405\t1,622\n3\t451\t1,901"},
	{name: "csvWards", text: "ward,beds,alerts,true_pos,ppv\nWard 12,28,97,21,0.22\nWard 14,30,112,25,0.22\nAMU,44,203,52,0.26"},
	{name: "pipeMetrics", text: "Metric | Baseline | Month 3 | Month 6\nDNA rate | 9.8% | 8.4% | 7.1%\nSlots recovered | – | 412 | 1,036"},
	{name: "csvPractices", text: "practice_code,list_size,uptake\nB82005,12450,0.62\nB82018,8730,0.48\nB82041,15120,0.71"},
	{name: "resultsLine", text: "Results: sensitivity 0.91, specificity 0.87, AUROC 0.93 (95% CI 0.90–0.95), n=2,104."},
	{name: "csvSpend", text: "year,spend_gbp\n2022/23,120000\n2023/24,185500\n2024/25,257500"},
	{name: "mdHazards", text: "| ID | Hazard | Pre | Post |\n|---|---|---|---|\n| H-001 | Wrong patient context | 4 | 2 |\n| H-002 | Omitted allergy | 3 | 1 |"},
	{name: "csvCalls", text: "Date,Calls,Answered,Abandoned\n01/05/2025,812,790,22\n02/05/2025,764,751,13\n03/05/2025,402,398,4"},
	{name: "csvTrusts", text: "Trust,Sites,AI tools live\nLTHTR,2,3\nMFT,10,7\nLTHT,7,5"},
	{name: "snomedConcept", text: "SNOMED CT concept 73211009 (diabetes mellitus) is what the extraction maps to."},
	{name: "ageBands", text: "Counts by age band: 18-39: 412, 40-64: 1,088, 65-79: 1,530, 80+: 812"},
	{name: "csvDaily", text: "date,transcripts,edits_per_note,mins_saved\n2025-02-03,118,2.4,306\n2025-02-04,131,2.1,352\n2025-02-05,127,2.6,298"},
	{name: "confMatrix", text: "Confusion matrix at 0.62: TP 412, FP 96, FN 38, TN 3,558 (total 4,104)."},
	{name: "odsList", text: "ODS codes for the pilot: RXN, RTX, RXL, 00Q, 00R, and the ICB is QE1."},
	{name: "costCsv", text: "cost_centre,budget,actual,variance\n841200,150000,142310,7690\n841210,60000,64820,-4820"},
	{name: "kpiTable", text: "KPI | Target | Apr | May | Jun\nReports < 24h | 90% | 86% | 91% | 94%\nOverrides | < 5% | 4.1% | 3.8% | 3.2%"},
	{name: "utilisation", text: "Licence utilisation by month: Jan 312/500, Feb 344/500, Mar 389/500, Apr 402/500."},
	{name: "pyThreshold", text: "```python\nthreshold = 0.8\nalerts = df[df.score >= threshold]\nprint(len(alerts), alerts.score.mean())\n```"},
	{name: "yamlConfig", text: "Our config: `max_tokens: 1024`, `temperature: 0.2`, `timeout_ms: 30000`"},
	{name: "avtURL", text: "See https://www.england.nhs.uk/long-read/guidance-on-the-use-of-ai-enabled-ambient-scribing-products-in-health-and-care-settings/ – section 3 on DCB0160."},
	{name: "dcbURL", text: "Standard is here: https://digital.nhs.uk/data-and-information/information-standards/information-standards-and-data-collections-including-extractions/publications-and-notifications/standards-and-collections/dcb0129-clinical-risk-management-its-application-in-the-manufacture-of-health-it-systems"},
	{name: "slackPermalink", text: "Earlier thread: https://nhs-ai.slack.com/archives/C05Q2L7HB3K/p1718277043512349"},
	{name: "githubCommit", text: "Repo: https://github.com/nhsx/example-ai-eval/commit/3f9a1c2e7b4d5f60817293a4b5c6d7e8f9012345"},
	{name: "curlStatus", text: "curl -s https://api.example-vendor.com/v2/jobs/1842/status -H 'Authorization: Bearer $TOKEN'"},
	{name: "sqlCount", text: "SQL we used: SELECT COUNT(*) FROM referrals WHERE created_at >= '2024-04-01' AND ai_score > 0.75;"},
	{name: "logLine", text: "Log line: 2025-03-14T09:41:27.512Z INFO triage-api request_id=7f3e2a91 latency_ms=842 status=200"},
	{name: "jsonEval", text: "JSON from the eval harness: {\"run\": 17, \"auroc\": 0.913, \"n\": 2104, \"threshold\": 0.62, \"date\": \"2025-02-11\"}"},
	{name: "govukPlaybook", text: "The GOV.UK page: https://www.gov.uk/government/publications/ai-playbook-for-the-uk-government – chapter 4 on procurement."},
	{name: "regexMeta", text: "Regex we use to redact: `\\b\\d{3}\\s?\\d{3}\\s?\\d{4}\\b` – anyone got better?"},
	{name: "youtube", text: "Recording of the webinar: https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1325s"},
	{name: "powerbi", text: "Dashboard: https://app.powerbi.com/groups/me/reports/5b2c7e1a-0d4f-4e8b-9a3c-1f2e3d4c5b6a/ReportSection3"},
	{name: "teamsID", text: "Teams meeting ID: 374 581 926 013, passcode: Xk7pQ2"},
	{name: "zoomID", text: "Zoom for the supplier demo: meeting ID 832 1475 9926, passcode 418207."},
	{name: "epoch", text: "Epoch from the logs: 1718277043 (that's 13 June 2024, about 12:10 BST)."},
	{name: "vendorJSON", text: "The vendor API returns `{\"confidence\": 0.87, \"label\": \"fracture\", \"bbox\": [112, 340, 260, 498]}`"},
	{name: "hl7MSH", text: "Error from the integration engine: `MSH|^~\\&|AI_TRIAGE|RXN|EPR|RXN|20250314094127||ORU^R01|MSG00042|P|2.4`"},
	{name: "envVars", text: "```\nKBBOT_ADDR=:8080\nREDIS_URL=redis://localhost:6379/0\nLLM_TIMEOUT=45s\n```"},
	{name: "fhirSearch", text: "FHIR query that worked: GET /Observation?code=http://loinc.org|8867-4&date=ge2024-04-01&_count=100"},
	{name: "sharepoint", text: "Template lives at https://nhs.sharepoint.com/sites/AI-CoP/Shared%20Documents/DPIA%20template%20v4.docx"},
	{name: "ipAddress", text: "The on-prem inference box is 10.142.18.7, port 8443; firewall change CHG0031290 opened it."},
	{name: "uuidLog", text: "Trace id 4bf92f3577b34da6a3ce929d0e0e4736 – the supplier can look it up in their logs."},
	{name: "adminTime", text: "AVT reduced after-clinic admin by 27%, from 54 to 39 minutes per clinic session."},
	{name: "potassium", text: "The AI flagged hyperkalaemia when K+ > 6.0 mmol/L; we changed it to 6.5 after 2 weeks."},
	{name: "paracetamol", text: "Test prompt used in the demo: 'Paracetamol 1 g QDS, max 4 g in 24 hours; reduce to 500 mg if under 50 kg.'"},
	{name: "room314", text: "Room 3.14 in the Education Centre is booked for the demo, 13:30–15:00."},
	{name: "room12B", text: "Clinic room 12B has the best acoustics for AVT; room 7 has the HVAC hum that ruined transcripts."},
	{name: "gentamicin", text: "Gentamicin dose calculator example: 7 mg/kg, max 640 mg, level at 6–14 h after the start of infusion."},
	{name: "obsExtract", text: "Obs extraction test: 142/88 mmHg, HR 76 bpm, SpO2 97% on air, temp 37.8 °C."},
	{name: "latency", text: "Transcripts take 45–90 s to appear after the consultation ends; target is < 60 s at p90."},
	{name: "survey", text: "Staff survey: 78% agreed the tool saved time, 12% neutral, 10% disagreed (n=96, response rate 41%)."},
	{name: "morphine", text: "Morphine sulfate 10 mg/5 mL oral solution was transcribed as 10 mg/mL in 3 of 400 notes."},
	{name: "ward24", text: "Ward 24, bay 3 piloted the falls prediction – sensor height 2.4 m above floor."},
	{name: "signoffTime", text: "Mean time to clinician sign-off: 3 min 42 s (SD 1 min 10 s)."},
	{name: "slidingScale", text: "Insulin sliding scale example from the test set: 4 units if BM 11.1–14.0, 6 units if 14.1–17.0."},
	{name: "amoxicillin", text: "Amoxicillin 500 mg TDS for 5 days – the model kept writing 5 weeks."},
	{name: "nodule", text: "The AI reported a 14 mm nodule; radiologist measured 13.6 mm."},
	{name: "egfr", text: "eGFR thresholds in the model: <60, <30, <15 mL/min/1.73m2."},
	{name: "occupancy", text: "Bed occupancy was 94.7% at 08:00 on 12/12/2024 when the discharge AI flagged 37 patients as ready."},
	{name: "levo", text: "Levothyroxine 25 micrograms OD was picked up correctly, but 12.5 mcg came out as 125 mcg twice."},
	{name: "warfarin", text: "INR range 2.0–3.0, warfarin 3 mg/5 mg alternate days – the summariser dropped the 'alternate'."},
	{name: "heightWeight", text: "Synthetic test case: 168 cm, 72.4 kg, BMI 25.7 – the model rounded BMI to 26 which is fine."},
	{name: "pageRef", text: "Page 14, para 2.4.1 of the guidance covers this; slide 23 of 32 in the deck."},
	{name: "dobRuleLive", text: "Our DOB validation rule went live on 01/04/2025 – the form now rejects future dates."},
	{name: "avtDOB", text: "Does anyone's AVT correctly capture the date of birth when the patient says it? Ours often drops the year."},
	{name: "noNHSToLLM", text: "We don't send NHS numbers to the LLM – the pseudonymisation service swaps them for a token first."},
	{name: "neverPaste", text: "Reminder: never paste an NHS number, DOB or hospital number into this channel."},
	{name: "extractCols", text: "The extract has MRN, DOB and postcode columns removed; only age band and LSOA remain."},
	{name: "niTrusts", text: "NI trusts (HSCNI) are using a different EPR, so the integration work won't transfer directly."},
	{name: "chiScotland", text: "Scotland uses the CHI number instead of the NHS number – worth noting if your supplier also works with NHS Scotland boards."},
	{name: "mod11", text: "NHS number validation uses modulus 11 – the supplier's form didn't check it, so typos got through."},
	{name: "testRange", text: "Our test patients use the 999 range of NHS numbers, which are never issued."},
	{name: "bornInBradford", text: "Born in Bradford is a great example of consented cohort data used for research – 13,776 children recruited 2007–2011."},
	{name: "aged82", text: "A patient in her 80s asked the chatbot about a repeat prescription and it handed off correctly to the practice."},
	{name: "ageBandsKids", text: "Age bands we report: 0-17, 18-64, 65+. Nobody under 16 uses the app without a parent."},
	{name: "formFields", text: "Our form has fields: NHS number, date of birth, postcode, phone, email – all optional in the pilot."},
	{name: "llmCompare", text: "We compared 3 LLMs: GPT-4o (2024-08-06), Claude 3.5 Sonnet, Llama 3.1 70B."},
	{name: "modelPinned", text: "Model id gpt-4o-2024-08-06 hosted in UK South; we pinned it to avoid silent upgrades."},
	{name: "isoCerts", text: "ISO 27001:2022 and ISO 13485:2016 certs received; pen test report dated 2025-02-20."},
	{name: "hospNoFormat", text: "Hospital numbers at our trust start with a letter then 7 digits – the supplier's parser assumed 8 digits and broke."},
	{name: "dobFormat", text: "DOB format in the EPR is DD-MMM-YYYY, the AI outputs YYYY-MM-DD, which confused the discharge team."},
	{name: "yobOnly", text: "Year of birth only (e.g. the 1950s cohort) is what the research team gets."},
	{name: "bornAfter2000", text: "Patients born after 1 January 2000 were excluded from the retrospective set (paediatric pathway)."},
	{name: "mrnMatch", text: "The MRN match rate between PACS and the EPR was 99.2% – the 0.8% were mostly merged records."},
	{name: "postcodeField", text: "The AI summary sometimes puts the postcode in the wrong field; we've raised it as hazard H-031."},
	{name: "ninoDiscuss", text: "Does anyone collect National Insurance numbers for the AI benefits-advice pilot? Our DPO says no, minimise."},
	{name: "dobAge", text: "The age calculation from DOB was off by one for anyone whose birthday is 29 February – fixed in v2.2.1."},
	{name: "phoneNote", text: "The bot must never ask for a mobile number; if a patient offers one it should say to use the practice's 0300 line."},
	{name: "consultantBorn", text: "Fun fact from the board: our new CCIO was born and raised in Preston and trained at the Royal Preston."},
	{name: "longLesson", text: "Write-up: 14 practices, 63,200 patients, go-live 03/02/2025, 11 weeks to steady state. Costs £48,300 (licences £31,500, training £9,800, backfill £7,000). Time saved 2.1 h per GP per week; 4 hazards logged (H-01 to H-04), none above risk 2 after mitigation. Next review 02/06/2025."},
	{name: "incidentSummary", text: "Incident summary 2025-04-17: 09:12 AVT service down, 09:20 P1 raised (INC0461190), 10:05 failover, 10:40 restored. 34 clinics affected, 0 patient harm."},
	{name: "releaseNotes", text: "v4.3.0 (2025-05-20): adds UK Core 1.2 support; v4.3.1 (2025-05-28): fixes 2 crashes; v4.4.0 due 2025-07-01."},
}

var r5Identifiers = []r5Case{
	{name: "nhsNoBasic", kind: r5NHS, text: "Can someone check why the AI didn't pick up NHS No: 943 476 5919 in the referral letter?"},
	{name: "nhsPlainRun", kind: r5NHS, text: "NHS number 4132412415 – letter went to the wrong GP, can IG advise?"},
	{name: "nhsDashes", kind: r5NHS, text: "nhs no. 657-866-8659 keeps failing the PDS trace"},
	{name: "nhsDots", kind: r5NHS, text: "NHS: 768.040.3805 (from the discharge summary)"},
	{name: "hcSlashes", kind: r5NHS, text: "H&C no 397/306/3184 – patient from Belfast seen in our ED"},
	{name: "nhsEPRBanner", kind: r5NHS, text: "Retyped from the EPR banner:\nPICKERING, Joan (Mrs)    NHS No. 963 336 2458    Female"},
	{name: "nhsSplitLines", kind: r5NHS, text: "NHS no 401 645\n5936 – can someone check the referral?"},
	{name: "nhsInlineCode", kind: r5NHS, text: "the parser choked on `6372234823` in the NHS field"},
	{name: "nhsBoldLabel", kind: r5NHS, text: "**NHS No:** 773 426 7998"},
	{name: "nhsURLParam", kind: r5NHS, text: "https://epr.example-trust.nhs.uk/patient/summary?nhsNumber=4421967777&tab=docs – this link opens the wrong record"},
	{name: "nhsFHIR", kind: r5NHS, text: "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"4174851433\"}]}"},
	{name: "nhsHL7PID", kind: r5NHS, text: "Message that failed: PID|1||6686792403^^^NHS^NH||PICKERING^JOAN^^^MRS"},
	{name: "nhsDictDigits", kind: r5NHS, text: "NHS number 7 3 5 6 5 5 8 0 0 9 full stop new paragraph"},
	{name: "nhsDictWords", kind: r5NHS, text: "NHS number three five three seven five seven eight four eight two"},
	{name: "nhsNBSP", kind: r5NHS, text: "NHS No 464\u00a0733\u00a02837"},
	{name: "nhsZeroWidth", kind: r5NHS, text: "NHS 457\u200b970\u200b0813 – copied from the portal"},
	{name: "nhsFullWidth", kind: r5NHS, text: "NHS no: \uff16\uff19\uff18 \uff14\uff12\uff17 \uff13\uff16\uff11\uff17"},
	{name: "nhsTSVRow", kind: r5NHS, text: "Surname\tForename\tNHS\tClinic\nHollis\tDerek\t4634380374\tCardio"},
	{name: "nhsCSVRow", kind: r5NHS, text: "id,nhs_number,referral_date\n17,7979360575,2025-03-02"},
	{name: "nhsQuotedReply", kind: r5NHS, text: "> NHS no 441 656 8657\n> can you chase this?\nDone – sent to the team"},
	{name: "nhsMixedSep", kind: r5NHS, text: "NHS 610-262 0186 is showing twice on the worklist"},
	{name: "nhsRunsOfSpaces", kind: r5NHS, text: "NHS No :  404  508  1682"},
	{name: "nhsTouchingLetters", kind: r5NHS, text: "NHSNo6308710563"},
	{name: "nhsTrailingDot", kind: r5NHS, text: "Referral for nhs 7068342299."},
	{name: "nhsBracketsName", kind: r5NHS, text: "Mr D Hollis (494 888 4812) was discharged without the AI summary"},
	{name: "nhsUnlabelled", kind: r5NHS, text: "The tool missed 667 805 1890 in yesterday's letter batch"},
	{name: "nhsGroup433", kind: r5NHS, text: "NHS 4190 413 216"},
	{name: "nhsPairs", kind: r5NHS, text: "NHS 72 76 05 61 12"},
	{name: "nhsEnDash", kind: r5NHS, text: "NHS No. 401–999–9171"},
	{name: "nhsSlashSpaces", kind: r5NHS, text: "nhs 657 / 570 / 2473"},
	{name: "nhsOCRLetterO", kind: r5NHS, text: "NHS No: 498 51O 9959"},
	{name: "nhsOCRLabel", kind: r5NHS, text: "NHS Nurnber: 774 494 7150"},
	{name: "nhsTypoLabel", kind: r5NHS, text: "NSH no 468 826 1411 pls check"},
	{name: "nhsReferralEmail", kind: r5NHS, text: "Dear colleague,\nRe: Mrs Ada Clarke, 683 005 0693\nPlease see the attached referral."},
	{name: "nhsMDTable", kind: r5NHS, text: "| Name | NHS | Issue |\n|---|---|---|\n| A. Clarke | 470 533 3837 | wrong ward |"},
	{name: "nhsHyphenWrap", kind: r5NHS, text: "her NHS number is 457-885-\n8189"},
	{name: "nhsExcelCommas", kind: r5NHS, text: "NHS 6,056,893,049 (Excel formatted the column as a number)"},
	{name: "nhsCodeBlock", kind: r5NHS, text: "```\nNHS NO.......: 724 545 2148\nSURNAME......: FENTON\n```"},
	{name: "chiSpaced", kind: r5CHI, text: "CHI 120367 4767 – can the Lothian team check this?"},
	{name: "chiLeadingZero", kind: r5CHI, text: "CHI no: 0304610461"},
	{name: "chiSentence", kind: r5CHI, text: "Patient from NHS Lothian, CHI 2508991848, transferred to us last night"},
	{name: "chiLower", kind: r5CHI, text: "chi: 011155 4195"},
	{name: "chiDash", kind: r5CHI, text: "CHI Number - 1707325839"},
	{name: "chiBrackets", kind: r5CHI, text: "Scottish patient (CHI 290248 5247) seen in our ED"},
	{name: "phMobileSpaced", kind: r5Phone, text: "Her mobile is 07700 900123, can the bot text her?"},
	{name: "phMobRun", kind: r5Phone, text: "mob: 07700900461"},
	{name: "phIntlSpaced", kind: r5Phone, text: "Daughter's number +44 7700 900 782"},
	{name: "phIntlZeroBrackets", kind: r5Phone, text: "+44 (0)7700 900219 – patient wants a call back"},
	{name: "phLeedsBrackets", kind: r5Phone, text: "home tel (0113) 496 0457"},
	{name: "phLondon", kind: r5Phone, text: "Tel: 020 7946 0321"},
	{name: "phManchester", kind: r5Phone, text: "call him on 0161 496 0832 after 5pm"},
	{name: "phCSVDashes", kind: r5Phone, text: "surname,phone\nHollis,07700-900-614"},
	{name: "phOddGrouping", kind: r5Phone, text: "ph 0117 4960 293 (landline)"},
	{name: "phIntlRun", kind: r5Phone, text: "rang back on +442079460654, no answer"},
	{name: "ph0044", kind: r5Phone, text: "She gave 0044 121 496 0718 as her number"},
	{name: "phSplitLines", kind: r5Phone, text: "contact number: 07700\n900558"},
	{name: "phCardiff", kind: r5Phone, text: "Next of kin phone 029 2018 0611"},
	{name: "phDots", kind: r5Phone, text: "mobile 07700.900.935"},
	{name: "phBelfast", kind: r5Phone, text: "Mum's number: 028 9649 6234"},
	{name: "emGmail", kind: r5Email, text: "Patient emailed from joan.pickering@gmail.com asking for her letter"},
	{name: "emSlackMailto", kind: r5Email, text: "please reply to <mailto:derek.hollis62@hotmail.co.uk|derek.hollis62@hotmail.co.uk>"},
	{name: "emBT", kind: r5Email, text: "reply to: J.Pickering1945@btinternet.com"},
	{name: "emUpper", kind: r5Email, text: "email on the referral form: ADA.CLARKE@YAHOO.CO.UK"},
	{name: "emPlusTag", kind: r5Email, text: "patient's email is a.khan+nhs@outlook.com"},
	{name: "emUnderscore", kind: r5Email, text: "contact: mary_wilson_77@icloud.com"},
	{name: "emStaffRoleWord", kind: r5Email, text: "If the bot breaks, email me directly at priya.shah.ai@nhs.net"},
	{name: "emStaffPersonal", kind: r5Email, text: "Any questions to sarah.okafor@nhs.net please"},
	{name: "emCSV", kind: r5Email, text: "Clarke,Ada,ada.clarke@live.co.uk,2025-01-14"},
	{name: "emOutlookHeader", kind: r5Email, text: "From: Derek Hollis <dhollis@protonmail.com>\nSent: 03 March 2025 10:14\nSubject: my results"},
	{name: "emQuotedWrote", kind: r5Email, text: "> On 3 Mar 2025, at 10:14, Joan Pickering <joanp1945@aol.com> wrote:\n> Please can I have a copy of the AI summary"},
	{name: "emMarkdownLink", kind: r5Email, text: "[email her](mailto:k.fenton@gmail.com) about the appointment change"},
	{name: "dobSlash", kind: r5DOB, text: "DOB 03/04/1961 – the AVT wrote it as 1916"},
	{name: "dobDots2y", kind: r5DOB, text: "d.o.b. 3.4.61"},
	{name: "dobBornWords", kind: r5DOB, text: "She was born on the 14th of July 1945 and lives alone"},
	{name: "dobCUIBanner", kind: r5DOB, text: "Date of Birth: 14-Jul-1945"},
	{name: "dobISO", kind: r5DOB, text: "DoB: 1945-07-14"},
	{name: "dobApostropheYear", kind: r5DOB, text: "born 12th Nov '50"},
	{name: "dobSpaces", kind: r5DOB, text: "D.O.B 03 04 1961"},
	{name: "dobRun", kind: r5DOB, text: "dob:03041961"},
	{name: "dobTypoBrith", kind: r5DOB, text: "date of brith 22/09/1938"},
	{name: "dobEPRBanner", kind: r5DOB, text: "PICKERING, Joan (Mrs)   Born 14-Jul-1945 (79y)   Female"},
	{name: "dobFHIR", kind: r5DOB, text: "{\"resourceType\":\"Patient\",\"gender\":\"female\",\"birthDate\":\"1945-07-14\"}"},
	{name: "dobHL7", kind: r5DOB, text: "PID|1||||PICKERING^JOAN||19450714|F"},
	{name: "dobMDTable", kind: r5DOB, text: "| Field | Value |\n|---|---|\n| DOB | 03/04/1961 |"},
	{name: "dobSplitLines", kind: r5DOB, text: "DOB\n03/04/1961"},
	{name: "dobAgeBrackets", kind: r5DOB, text: "Age 63 (DOB 3/4/61)"},
	{name: "dobDictated", kind: r5DOB, text: "date of birth twelfth of June nineteen fifty"},
	{name: "dobUSStyle", kind: r5DOB, text: "DOB: April 3rd, 1961"},
	{name: "dobZeroTypo", kind: r5DOB, text: "D0B 03/04/1961"},
	{name: "dobInSentence", kind: r5DOB, text: "Mr Hollis (dob 22.09.38) fell on the ward"},
	{name: "dobBirthDate", kind: r5DOB, text: "Birth date: 1961-04-03"},
	{name: "dobBornPlain", kind: r5DOB, text: "Patient born 3 April 1961, referred by GP"},
	{name: "hospMRN", kind: r5Hosp, text: "MRN: K1234567 – can someone merge the duplicate?"},
	{name: "hospHospNo", kind: r5Hosp, text: "Hosp no. M456789 was on the wrong letter"},
	{name: "hospUnitNo", kind: r5Hosp, text: "Unit No: 0012345"},
	{name: "hospPASID", kind: r5Hosp, text: "PAS ID A1234567 has two AI summaries attached"},
	{name: "hospCaseNote", kind: r5Hosp, text: "case note no. J998877 pulled for the audit"},
	{name: "hospLocalID", kind: r5Hosp, text: "Local patient ID: 40012345"},
	{name: "hospSpaced", kind: r5Hosp, text: "hospital number K 123 456"},
	{name: "hospHash", kind: r5Hosp, text: "MRN#12345678"},
	{name: "hospColonDash", kind: r5Hosp, text: "Hosp No:- RTH0012345"},
	{name: "hospMDTable", kind: r5Hosp, text: "| Field | Value |\n|---|---|\n| MRN | 00456789 |"},
	{name: "hospLower", kind: r5Hosp, text: "hospital no is m123456"},
	{name: "hospPASLabel", kind: r5Hosp, text: "Hospital Number (PAS): D2345678\nWard: 12"},
	{name: "niSpaced", kind: r5NI, text: "NI no JT 48 27 19 B"},
	{name: "niNINO", kind: r5NI, text: "NINO: AB123456C"},
	{name: "niLower", kind: r5NI, text: "National Insurance number: jt 482719 b"},
	{name: "niDashes", kind: r5NI, text: "NI: AB-12-34-56-C"},
	{name: "niNatIns", kind: r5NI, text: "Nat Ins No. CE 75 21 94 A"},
	{name: "niSentence", kind: r5NI, text: "patient's NI number is KR592041D (for the benefits letter)"},
	{name: "pcAddressLine", kind: r5Postcode, text: "Mrs Joan Pickering, 14 Elm Road, Leeds LS6 2QT"},
	{name: "pcLivesAt", kind: r5Postcode, text: "Mr Derek Hollis lives at BS7 8NX, can community pick up?"},
	{name: "pcLowerAddress", kind: r5Postcode, text: "Address on the referral: Ada Clarke, 3 Mill Lane, Preston, pr1 8ht"},
	{name: "pcLabels", kind: r5Postcode, text: "Name: Tom Fenton\nPostcode: M14 5RT"},
	{name: "pcPipeTable", kind: r5Postcode, text: "Name | Postcode\nRuksana Begum | B10 0AE"},
	{name: "pcLowerLabel", kind: r5Postcode, text: "Mr A Khan, postcode l18 3jd"},
	{name: "pcNoSpace", kind: r5Postcode, text: "Mrs Sunita Patel LE45GL – letter returned, wrong house number"},
}

func TestReview5Ordinary(t *testing.T) { r5Run(t, r5Ordinary, 250, r5Passes) }

func TestReview5Identifiers(t *testing.T) { r5Run(t, r5Identifiers, 117, r5Refuses) }

// r5Run checks that cases holds want cases with unique names, and runs
// check on each.
func r5Run(t *testing.T, cases []r5Case, want int, check func(*testing.T, *Screener, r5Case)) {
	t.Helper()
	if len(cases) != want {
		t.Fatalf("want %d cases, have %d", want, len(cases))
	}
	r5Unique(t, cases)
	s := New(DefaultAllowList())
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { check(t, s, c) })
	}
}
