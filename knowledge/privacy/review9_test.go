// Review 9: an outside review of kbbot's privacy screen, themed on what people
// type in Slack and in kbbot's lesson form.
//
// Written on 2026-12-07 by an outside reviewer working only from the package's
// public API (go doc), DESIGN.md (the privacy screen) and the domain notes
// (section 4); no code, tests or testdata of this package were read.
// Ran on commit 7eff8a1ccd56d7e5df83af783921c1ab18746a8d (screen Version
// "2026-12-07.9").
//
// First score (the one run, no case changed afterwards):
//   - ordinary texts refused: 0/160
//   - hidden identifiers missed: 1/90
//     (hf-name-contact-postcode-summary: patient name at the end of the contact
//     field, "Patient: Daniel Ferreira-Lopes", and the postcode at the start of
//     the summary field, "TR1 3LJ, ..."; ScreenFields found nothing)
//
// It passes now: a capitalised word may have a capital after a hyphen or an
// apostrophe ("Ferreira-Lopes", "O'Neill"), so "Patient: Daniel
// Ferreira-Lopes" is a name (TestFindHyphenatedSurname).
//
// Cases: 80 Slack messages and 80 lesson forms that must pass; 45 Slack
// messages and 45 lesson forms that each hide one patient identifier. NHS
// numbers are in the test range (999...) and were checked with ValidNHSNumber;
// CHI numbers are invented; every name is invented.

package privacy

import (
	"strings"
	"testing"
	"unicode"
)

// r9Text is one Slack message (or a pasted thread) as kbbot receives it.
type r9Text struct {
	name string
	text string
}

// r9Secret is a Slack message hiding exactly one patient identifier: id is
// the identifier as written in the text, kind the finding it must produce.
type r9Secret struct {
	name string
	kind Kind
	id   string
	text string
}

// r9Form is an ordinary lesson-form submission.
type r9Form struct {
	name   string
	fields []Field
}

// r9SecretForm is a lesson form hiding one identifier; parts are the pieces
// of it as written (two pieces when it is split across fields, or the name
// and the postcode or date of birth that together identify a patient).
type r9SecretForm struct {
	name   string
	kind   Kind
	parts  []string
	fields []Field
}

var r9OrdinarySlack = []r9Text{
	{"s-dtac-oneliner", "*Quick q* :wave: has anyone got a completed DTAC for an ambient scribe they'd be willing to share? Happy to swap for our DCB0160 hazard log."},
	{"s-thread-cxr", "Priya Nair  10:42 AM\n" +
		"Did anyone else stop their chest X-ray AI pilot?\n" +
		"Tom Hughes  10:45 AM\n" +
		"We did, false positives were about 1 in 4 :grimacing:\n" +
		"Priya Nair  10:47 AM\n" +
		"same here. did you write it up?\n" +
		"Tom Hughes  10:52 AM\n" +
		"not yet, will put it in via /kb share this week"},
	{"s-codeblock-env", "Here's the config for our pilot bot, minus the secrets:\n" +
		"```\nKBBOT_NAMESPACE=kb-pilot\nKBBOT_LLM_TIMEOUT=10s\nOPENAI_MODEL=gpt-4o-mini\nKBBOT_ADDR=:3000\n```\n" +
		"runs fine on the trust's Azure tenant :cloud:"},
	{"s-quote-reply", "> We found radiographers ignored the AI flags after week 3\n" +
		"This matches what we saw at our site. Change management was the missing piece, not the algorithm :100:"},
	{"s-numbered-dcb0160", "Steps we followed for DCB0160:\n" +
		"1. Appoint a CSO (ours is a consultant anaesthetist)\n" +
		"2. Get the supplier's DCB0129 safety case\n" +
		"3. Run a hazard workshop, about 2 hours\n" +
		"4. Write the hazard log (we ended with 23 hazards, 4 rated high)\n" +
		"5. Sign off the safety case before go-live"},
	{"s-unicode-emoji", "🎉 Our fracture detection pilot went live in ED today! 🦴 Huge thanks to the PACS team 🙏 The go-live checklist is pinned in #ai-imaging"},
	{"s-ticket-numbers", "FYI the scribe outage this morning is logged as INC0457813 with the supplier, and RITM0019284 covers the firewall change. ETA for a fix is 14:00."},
	{"s-po-number", "Finance have raised PO 4500318872 for the 12-month licence (£48,500 ex VAT). Framework ref RM6221, call-off 0347."},
	{"s-ods-codes", "For the ICB dashboard we're pulling practices by ODS code: F84003, F84017, F84121 and the trusts RJ1, RYJ, R1H. Anyone know why Y03020 shows no activity?"},
	{"s-version-strings", "Upgraded the triage model from v2.3.1 to v2.4.0-rc2 yesterday; the release notes say build 2025.11.3 fixes the timestamp bug. Still on Python 3.11 and FHIR R4."},
	{"s-111-999", "If a patient asks the chatbot anything clinical it hands off to NHS 111, or tells them to call 999 in an emergency. That wording was signed off by our CSO :white_check_mark:"},
	{"s-0300-number", "NHS England's contact centre is on 0300 311 22 33 if you want to ask about the AVT priority notification directly."},
	{"s-go-live-moved", "_Update:_ go-live moved from 03/11/2025 to 17/11/2025 because the Caldicott Guardian wants another look at the DPIA."},
	{"s-mentions-template", "@Tom Hughes could you share the hazard log template you mentioned on the CoP call? @Aisha Rahman said hers is on SharePoint but the link's dead"},
	{"s-link-labels", "Useful reading: NHS England ambient scribing guidance, the DTAC page, and the Buyer's Guide to AI in Health and Care. All linked in the channel bookmarks :bookmark:"},
	{"s-rambling-copilot", "Long one, sorry. We've had Microsoft 365 Copilot on 300 licences since September and I've been asked to write up what we learned for the board. " +
		"Honestly the biggest time saver has been meeting summaries for corporate teams, not anything clinical. The IG side took longer than the technical side: " +
		"our DPO wanted to know whether prompts are retained, whether Microsoft uses them for training (they say not), and how we stop people pasting patient details into chats. " +
		"We ended up with a one-page 'do and don't' sheet, a mandatory 20-minute e-learning module and a monthly audit of a sample of prompts by the IG team. " +
		"Adoption was patchy: about 40% of licence holders use it weekly, 25% have never opened it. We're moving unused licences to the finance and workforce teams in January. " +
		"If anyone wants the sheet or the DPIA, shout, happy to share :slightly_smiling_face:"},
	{"s-eval-stats", "Results from the 12-week evaluation: sensitivity 94.1%, specificity 87.6%, n = 2,318 studies, PPV 0.41. Reporting turnaround dropped from 11.2 to 3.4 days."},
	{"s-money", "Business case says £1.2m over 3 years, cash-releasing about £310k from year 2. The board want to see it at the 26 Feb meeting."},
	{"s-teams-meeting", "Join the CoP call on Teams\nMeeting ID: 345 882 119 274\nPasscode: hT7qZ2\nThursday 14:00–15:00, all welcome"},
	{"s-clinical-codes", "We mapped scribe output to SNOMED CT: 22298006 (myocardial infarction) and 38341003 (hypertension). ICD-10 I21.9 and I10 for the coding team."},
	{"s-jira-tickets", "Raised AIKB-1423 and AIKB-1431 for the search ranking issues, and KB-88 to track the gaps report. Sprint ends Friday :runner:"},
	{"s-git-commits", "Deployed commit a3f9c1e to staging; prod is still on 7b21d04. Rollback plan is in the runbook, section 4.2."},
	{"s-bullet-barriers", "Barriers we hit:\n" +
		"• IG took 5 months\n" +
		"• no integration with EMIS until v2\n" +
		"• clinicians didn't trust the confidence score\n" +
		"• procurement wanted 3 quotes for a £9k pilot :face_palm:"},
	{"s-strikethrough", "~We will go live in October~ We'll go live in January now, the supplier's MHRA Class I registration is still pending."},
	{"s-ip-address", "The on-prem Ollama box is on 10.24.118.201 port 11434, only reachable from the HSCN side. Please don't point the bot at it from home."},
	{"s-extension-bleep", "If the scribe falls over on the ward, call the digital service desk on ext 4521, or bleep 1234 out of hours."},
	{"s-thanks-oneliner", "thanks all, that DPIA template saved me a week :raised_hands:"},
	{"s-inline-code-commands", "Use `/kb share` for lessons and `/kb experts radiology` to find people. `/kb gaps` is for moderators only."},
	{"s-nice-eva", "NICE HTE12 says AI for chest X-ray referrals from primary care is research-only for now; HTE20 covers something else entirely. Worth reading both before you scope."},
	{"s-interview-rota", "Rota for the evaluation interviews: Mon 6 Oct – Fri 10 Oct, 09:30–12:00 daily, room 2.14, Education Centre."},
	{"s-thread-dpia", "Grace Adeyemi  9:02 AM\n" +
		"Does a DPIA need redoing when the supplier changes the model version?\n" +
		"Daniel Kowalski  9:10 AM\n" +
		"we treat a major version as a change, minor ones just get a note on the hazard log\n" +
		"Grace Adeyemi  9:11 AM\n" +
		"makes sense, thanks :pray:\n" +
		"Aisha Rahman  9:30 AM\n" +
		"same here, and we ask for the release notes in the contract"},
	{"s-certifications", "The supplier has ISO 27001:2022, Cyber Essentials Plus, DSPT 2024/25 Standards Met, and ISO 13485 for the device side. DTAC section C is done."},
	{"s-caldicott-questions", "Our Caldicott Guardian asked three questions: is data leaving the UK, is it used to train the model, and can we switch off retention? Worth preparing answers up front."},
	{"s-virtual-ward", "Virtual ward is at 48 beds out of 60, target 80 by March. AI risk scores refresh every 4 h from the obs feed :chart_with_upwards_trend:"},
	{"s-page-ref", "See page 14, paragraph 3.2.1 of the Buyer's Guide: the bit about local validation on your own population before you sign anything."},
	{"s-rambling-scribe", "Some reflections from 6 months of ambient scribing in our outpatient clinics, in no particular order. " +
		"1) Clinicians loved it in week one and then about a third stopped using it, mostly because the letters came out too long. We fixed that with a shorter template and usage came back. " +
		"2) Patients didn't mind at all once the clinician explained it in one sentence; we had 2 opt-outs in roughly 3,000 consultations. " +
		"3) The hazard log mattered more than I expected: the scariest failure was the scribe confidently attributing something the patient's relative said to the patient. " +
		"4) Integration was the slow bit. Copy and paste into the EPR was fine for a pilot but won't scale. " +
		"5) Measure before you start. We didn't time letters beforehand, so our 'time saved' figures are estimates and the finance team were (fairly) unimpressed. " +
		"Happy to talk to anyone starting out, ping me or find me in #ai-scribes."},
	{"s-eyes-emoji", ":eyes: :eyes: anyone? still looking for someone who has done a DPIA for Microsoft 365 Copilot in primary care"},
	{"s-gp-practice", "We're a 4-partner practice with about 11,800 patients. Online consultation triage cut the 8am phone queue by roughly a third."},
	{"s-quote-dtac", "> DTAC section C1 asks for the DCB0129 evidence\n> and C2 asks for the DPIA\n" +
		"Right, and D1 is the interoperability bit. We were stuck on D1 for weeks :upside_down_face:"},
	{"s-iso-dates", "Timeline: DPIA approved 2025-06-12, CSO sign-off 2025-07-01, go-live 2025-07-15, first review 2025-10-15."},
	{"s-staff-survey", "Staff survey after 8 weeks: 71% said the scribe saved time, 18% neutral, 11% said it made notes worse. 143 responses out of 212 invited."},
	{"s-welcome-mentions", "Welcome @Grace Adeyemi (new AI lead at the ICB) and @Daniel Kowalski (CCIO, community trust)! :wave: Intros in the thread please"},
	{"s-northern-ireland", "Anyone in Northern Ireland using AI triage alongside the H&C number lookup? Asking for a colleague at one of the Belfast trusts."},
	{"s-clinic-slots", "Clinic template change: slots at 08:00, 08:15, 08:30, 08:45 and 09:00 freed up by auto-booking. That's 5 slots × 3 clinicians × 4 days."},
	{"s-ambulance-999", "Ambulance trust here :ambulance: we're trialling AI call summaries for 999 calls in the control room, not clinical triage. Anyone done similar?"},
	{"s-ward-codes", "Pilot wards are 7A, 7B and Cedar; in the EPR they're W07A, W07B and W-CED. No patient-level data leaves the trust."},
	{"s-hashtags", "Tags I'd suggest for the KB: #ambient-voice #dcb0160 #dpia #primary-care #lessons-learned"},
	{"s-support-lines", "The supplier's support line is 0845 600 1234, or the 0800 number on their portal; our own service desk is 0300 123 4567, option 2."},
	{"s-meetup", "The CoP meet-up is in the Education Centre, level 3, room 3.07, Tuesday 2 Dec at 13:00. Lunch from 12:30 :sandwich:"},
	{"s-codeblock-prompt", "```\nSystem: You are a summariser for NHS staff. Answer only from the sources.\nUser: {question}\n```\n" +
		"This prompt cut hallucinations in our internal testing from 9/50 to 2/50."},
	{"s-risk-stratification", "The risk stratification model flags the top 2% of the registered list (about 640 people across 6 practices); care coordinators call them within 10 working days."},
	{"s-cost-per-report", "Cost per report was £3.80 with AI vs £7.10 without, per the service evaluation (n=4,960). Not cash-releasing though."},
	{"s-signatories", "ICB AI lead here. SIRO, DPO and CSO all need to sign the DPIA; the CCIO is optional but helpful. Ours took 9 weeks end to end."},
	{"s-discharge-oneliner", "is anyone using AI for discharge summaries yet? :thinking_face:"},
	{"s-reaudit", "Re-audit after 6 months: 96/100 scribe notes rated acceptable by the clinician, 4/100 needed major edits."},
	{"s-numbered-minimum", "1. DPIA\n2. DCB0160\n3. DTAC\n4. Caldicott review\n5. EqIA\nThat's the minimum list our IG manager gave us for any AI tool."},
	{"s-training", "Trained 312 staff in 6 weeks over 14 sessions, about 22 per session. The drop-in clinic still runs Wednesdays 12–1."},
	{"s-team-mailbox", "If you want the slide deck, email the team mailbox england.aiteam@nhs.net and they'll send it over."},
	{"s-thread-eval", "Leah Finch  11:03 AM\n" +
		"Was your evaluation independent?\n" +
		"Sam Okoro  11:05 AM\n" +
		"yes, the HIN did it, before/after over 5 months\n" +
		"Leah Finch  11:06 AM\n" +
		"did they publish?\n" +
		"Sam Okoro  11:09 AM\n" +
		"report only, not peer reviewed. I'd tag it service_evaluation"},
	{"s-drift", "Drift check: AUROC 0.86 at launch, 0.83 in month 4, 0.79 in month 7. We set a floor of 0.80 so it's now under review :warning:"},
	{"s-downtime", "Planned downtime Sat 22 Nov, 02:00–06:00, for the EPR upgrade to version 2025.3. The scribe will be unavailable."},
	{"s-room-booking", "Booked Seminar Room 2 at trust HQ for the hazard workshop, 4 Dec, 10:00–12:30. Tea and coffee ordered for 15."},
	{"s-fhir-query", "FHIR endpoint: `/fhir/R4/DocumentReference?status=current&_count=50`. The supplier says pagination breaks past 1000 results."},
	{"s-rpa-numbers", "Our RPA bot processed 18,240 referrals in Q2, saving roughly 1,520 admin hours. Error rate 0.3%."},
	{"s-bold-italic", "*Important:* _do not_ paste patient details into Copilot chats, even in the trust tenant. Use the anonymised examples in the IG pack instead."},
	{"s-newborn-hearing", "Our maternity team is scoping an AI tool for newborn hearing screening referrals; the pilot would start in the new year. Anyone have a DTAC for one?"},
	{"s-age-bands", "Uptake by age band: 18–39 62%, 40–64 48%, 65+ 21%. Digital exclusion is real for the older group."},
	{"s-two-practices", "Practice Y02986 is on EMIS Web and F86040 on SystmOne. Both are piloting the same triage tool, so it's a neat comparison."},
	{"s-thread-procurement", "Aisha Rahman  3:40 PM\n" +
		"which framework did you buy the scribe through?\n" +
		"Tom Hughes  3:44 PM\n" +
		"G-Cloud 14\n" +
		"Aisha Rahman  3:45 PM\n" +
		"and the value?\n" +
		"Tom Hughes  3:47 PM\n" +
		"under £50k for the pilot year, so a direct award"},
	{"s-supplier-contact", "The supplier's account manager is Jo Bramwell; best route is their support portal or the 0800 772 0150 helpline rather than email."},
	{"s-slides-link", "Slides from today's session: CoP November deck (SharePoint) :point_up:"},
	{"s-waiting-list", "The validation bot cleared 3,412 entries from the waiting list in 5 weeks; 212 were flagged for clinical review, none removed without a human check."},
	{"s-dashboard", "The dashboard refreshes at 06:30 daily; numbers are 7-day rolling. The ICB version aggregates to PCN level, so counts under 5 are never shown."},
	{"s-guidance-dates", "The AVT guidance came out on 27 April 2025 and the priority notification in June 2025. Version 2 is rumoured for April 2026."},
	{"s-rambling-ig", "IG manager hat on. Three things I keep seeing in AI DPIAs that come across my desk: " +
		"first, the data flow diagram stops at the supplier's front door, so nobody knows where the sub-processors are or whether anything leaves the UK. " +
		"Second, the lawful basis is copied from an old template (it's usually 6(1)(e) and 9(2)(h) for direct care, not consent). " +
		"Third, no retention period for audio or transcripts. Ask the supplier in writing and put the answer in the DPIA. " +
		"Also, please involve your Caldicott Guardian early rather than the week before go-live :pray: " +
		"Our template is in the IG pack, section 5, and the team mailbox is the best way to reach us."},
	{"s-reaction-thread", "Sam Okoro  2:14 PM\n+1 to this\nLeah Finch  2:16 PM\n:+1: same\nSam Okoro  2:20 PM\nok I'll set up #ai-evaluation then"},
	{"s-codeblock-sql", "```\nSELECT practice_ods, COUNT(*) AS consults\nFROM triage_events\nWHERE event_date >= '2025-09-01'\nGROUP BY practice_ods;\n```\n" +
		"aggregates only, nothing patient-level"},
	{"s-scribe-metrics", "Average note time fell from 6.5 to 2.1 minutes per consultation across 9 GPs and 1,870 consultations. Patient complaints: none so far."},
	{"s-question-hospital-number", "Q for IG folk: if the scribe transcript includes the hospital number the clinician reads out, does that change the DPIA? We've told staff not to read identifiers aloud."},
	{"s-budget-codes", "Cost centre 41-2270, subjective 5821, project code AI-IMG-07. Finance want it coded before the month 9 close."},
}

var r9OrdinaryForms = []r9Form{
	{"f-fracture-ed", []Field{
		{Name: "title", Text: "AI fracture detection in ED cleared the X-ray reporting backlog"},
		{Name: "summary", Text: "We ran AI fracture detection on all adult ED limb X-rays for 16 weeks. The unreported backlog fell from about 4,100 films to under 300, and missed-fracture recalls fell from 11 to 3 per month."},
		{Name: "lessons", Text: "Agree with radiology up front who owns the AI flag. Run it silently for 4 weeks first and compare against the reports. Keep the radiographer in the loop for paediatrics, which the product was not validated for."},
		{Name: "tags", Text: "fracture-detection, diagnostics-imaging, ed, backlog"},
		{Name: "organisation", Text: "Barts Health NHS Trust (acute), imaging directorate"},
		{Name: "contact", Text: "Consultant radiologist and AI lead, Dr Farah Siddiqui, happy to be contacted through the kbbot expert directory"},
	}},
	{"f-cxr-abandoned", []Field{
		{Name: "title", Text: "Chest X-ray AI stopped after 10 weeks: too many false positives"},
		{Name: "summary", Text: "Pilot of AI triage for lung abnormalities on GP-referred chest X-rays. Stopped on 14 March 2025 because roughly 1 in 4 studies were flagged, swamping the urgent list."},
		{Name: "lessons", Text: "Validate locally on your own population before go-live and agree stop criteria in writing. Our population skews older than the supplier's training data. NICE HTE12 now says research only for this use."},
		{Name: "tags", Text: "chest-xray, false-positives, local-validation, abandoned"},
		{Name: "organisation", Text: "A district general hospital in north east London"},
		{Name: "contact", Text: "Posted anonymously"},
	}},
	{"f-ambient-scribe-gp", []Field{
		{Name: "title", Text: "Ambient scribe in a 9-GP practice: six months in"},
		{Name: "summary", Text: "Average time to finish a consultation note fell from 6.5 to 2.1 minutes over 1,870 consultations. Two patients opted out. Clinicians edit about one note in five."},
		{Name: "lessons", Text: "Do the DCB0160 hazard workshop with the GPs who will use it, not just the partners. Check the product's MHRA class: NHS England's June 2025 notice says Class I at least for summarising scribes."},
		{Name: "tags", Text: "ambient-voice, ai-scribe, primary-care, dcb0160"},
		{Name: "organisation", Text: "Riverside Medical Group (primary care), ODS Y02986"},
		{Name: "contact", Text: "Practice manager Helen Curtis, via Slack DM"},
	}},
	{"f-online-triage", []Field{
		{Name: "title", Text: "Online consultation triage halved the 8am rush"},
		{Name: "summary", Text: "Smart triage of online requests routed 38% of contacts to pharmacy, admin or self-care. Calls waiting at 8:05am fell from 60+ to under 25 on Mondays."},
		{Name: "lessons", Text: "Keep the phone line open for people who cannot use the form. Reception staff need to own the rules engine; the supplier's defaults sent too much to GPs."},
		{Name: "tags", Text: "patient-access, triage, online-consultation"},
		{Name: "organisation", Text: "The Groves Medical Centre, South West London (primary care)"},
		{Name: "contact", Text: "Digital lead for the PCN, Marcus Bell (find me as @marcus.bell)"},
	}},
	{"f-rpa-registration", []Field{
		{Name: "title", Text: "RPA for new patient registrations"},
		{Name: "summary", Text: "A software robot now keys new registrations from the online form into the clinical system. 18,240 processed in Q2 with a 0.3% error rate; admin staff moved to recall work."},
		{Name: "lessons", Text: "Map the process properly before automating it: ours had 3 undocumented exceptions. Budget for bot maintenance after every clinical system update."},
		{Name: "tags", Text: "rpa, administration, registration, automation"},
		{Name: "organisation", Text: "North Central London ICB, primary care digital team"},
		{Name: "contact", Text: "Team mailbox: nclicb.digitalprimarycare@nhs.net"},
	}},
	{"f-payroll-automation", []Field{
		{Name: "title", Text: "Automating payroll variance checks saved 1.5 FTE"},
		{Name: "summary", Text: "Monthly variance checks across 7,900 staff records are now done by automation with a human reviewing exceptions. Cash-releasing: two vacant posts not recruited to."},
		{Name: "lessons", Text: "Finance and workforce both had to sign the benefits case. Keep the audit trail that payroll auditors ask for from day one."},
		{Name: "tags", Text: "workforce, payroll, automation, cash-releasing"},
		{Name: "organisation", Text: "Shared business services, a London acute trust"},
		{Name: "contact", Text: "Head of payroll services, Lorraine Mbeki"},
	}},
	{"f-risk-stratification", []Field{
		{Name: "title", Text: "Risk stratification for proactive care in six practices"},
		{Name: "summary", Text: "The model flags the top 2% of the registered list (about 640 people) each month. Care coordinators phone them within 10 working days; A&E attendances in the flagged group fell 12% against the year before."},
		{Name: "lessons", Text: "Before/after comparisons flatter you: regression to the mean is real. We are now setting up a comparison with PCNs that have not started."},
		{Name: "tags", Text: "prediction-prevention, risk-stratification, pcn"},
		{Name: "organisation", Text: "Healthy Hackney PCN, primary care"},
		{Name: "contact", Text: "Clinical director Dr Nnamdi Eze"},
	}},
	{"f-radiotherapy-contouring", []Field{
		{Name: "title", Text: "Auto-contouring for head and neck radiotherapy planning"},
		{Name: "summary", Text: "AI contours for organs at risk cut planning time per patient from about 3 hours to 50 minutes. Every contour is still checked and edited by a dosimetrist."},
		{Name: "lessons", Text: "Physics must own commissioning. We ran 40 retrospective cases against gold-standard contours before clinical use, and re-run 10 after each software update."},
		{Name: "tags", Text: "radiotherapy, auto-contouring, diagnostics-imaging"},
		{Name: "organisation", Text: "Cancer centre, University College London Hospitals NHS Foundation Trust, 235 Euston Road, London NW1 2BU (main hospital entrance)"},
		{Name: "contact", Text: "Radiotherapy physics team lead, via the expert directory"},
	}},
	{"f-copilot-corporate", []Field{
		{Name: "title", Text: "Microsoft 365 Copilot for corporate teams: what we learned"},
		{Name: "summary", Text: "300 licences since September 2025. Meeting summaries and first drafts of board papers are the main uses; 40% of licence holders use it weekly."},
		{Name: "lessons", Text: "Write a one-page do and don't sheet before rollout. Move unused licences after 90 days. The DPIA took longer than the technical setup."},
		{Name: "tags", Text: "general-llm, copilot, corporate, dpia"},
		{Name: "organisation", Text: "Kingston and Richmond NHS Foundation Trust"},
		{Name: "contact", Text: "Information governance team (ig team mailbox on the intranet)"},
	}},
	{"f-discharge-summaries", []Field{
		{Name: "title", Text: "LLM drafts of discharge summaries on two medical wards"},
		{Name: "summary", Text: "Doctors get a draft summary generated from the ward round notes. In a 4-week audit 87 of 100 drafts needed only minor edits; none went out unedited."},
		{Name: "lessons", Text: "Medication changes were the riskiest section; we now hide the AI text there and make the doctor write it. The CSO insisted on a weekly sample review."},
		{Name: "tags", Text: "clinical-documentation, discharge, llm"},
		{Name: "organisation", Text: "Lewisham and Greenwich NHS Trust, University Hospital Lewisham, Lewisham High Street, London SE13 6LH; medical division"},
		{Name: "contact", Text: "CCIO office, Slack @ccio-office"},
	}},
	{"f-dna-prediction", []Field{
		{Name: "title", Text: "Predicting missed outpatient appointments"},
		{Name: "summary", Text: "A model scores each booked appointment for risk of non-attendance; high-risk patients get an extra reminder call. DNA rate in pilot clinics fell from 9.8% to 7.1% over 6 months."},
		{Name: "lessons", Text: "Check the model for bias by deprivation and ethnicity before use: ours over-targeted two postcode districts until we removed area as a feature. Do an EqIA."},
		{Name: "tags", Text: "operations-scheduling, dna, equity, eqia"},
		{Name: "organisation", Text: "An acute trust in south London"},
		{Name: "contact", Text: "Outpatient transformation manager, name on request"},
	}},
	{"f-theatre-scheduling", []Field{
		{Name: "title", Text: "AI theatre scheduling: mixed results"},
		{Name: "summary", Text: "Case-duration predictions improved list utilisation from 78% to 84% in orthopaedics but made no difference in general surgery, where emergencies dominate."},
		{Name: "lessons", Text: "Start with the specialty whose lists are most predictable. Surgeons need to see why a list was built the way it was."},
		{Name: "tags", Text: "operations-scheduling, theatres, mixed"},
		{Name: "organisation", Text: "Croydon Health Services NHS Trust"},
		{Name: "contact", Text: "Theatres general manager Paul Osei"},
	}},
	{"f-derm-triage", []Field{
		{Name: "title", Text: "Dermatology AI triage of urgent skin cancer referrals"},
		{Name: "summary", Text: "Images taken in GP surgeries are assessed by a CE/UKCA-marked device; benign lesions are discharged with advice after a dermatologist review of the AI output. 28% of referrals safely avoided a face-to-face appointment."},
		{Name: "lessons", Text: "Photography quality is the bottleneck, not the AI. Train the medical photographers first."},
		{Name: "tags", Text: "dermatology, 2ww, diagnostics-imaging, medical-device"},
		{Name: "organisation", Text: "Chelsea and Westminster Hospital NHS Foundation Trust, 369 Fulham Road, London SW10 9NH. Dermatology outpatients are on the lower ground floor."},
		{Name: "contact", Text: "Service manager, dermatology (via the trust switchboard and ask for dermatology)"},
	}},
	{"f-diabetic-eye", []Field{
		{Name: "title", Text: "Automated grading in diabetic eye screening: evaluation only"},
		{Name: "summary", Text: "We ran automated retinal image grading alongside human graders on 12,400 screening episodes to compare results. No screening decisions were made by the software."},
		{Name: "lessons", Text: "Talk to the national programme early: any change to grading pathways needs their approval. Our agreement rate with first-level graders was 93%."},
		{Name: "tags", Text: "diabetic-eye-screening, evaluation, diagnostics-imaging"},
		{Name: "organisation", Text: "A diabetic eye screening programme hosted by an acute trust"},
		{Name: "contact", Text: "Programme manager, anonymous on request"},
	}},
	{"f-clinical-coding", []Field{
		{Name: "title", Text: "AI-assisted clinical coding for day cases"},
		{Name: "summary", Text: "Suggested ICD-10 and OPCS-4 codes for day-case episodes. Coders accept about 70% of suggestions; depth of coding rose from 3.1 to 3.9 codes per episode."},
		{Name: "lessons", Text: "Coders must stay the decision makers. Watch for upcoding risk and agree an audit with the clinical coding auditor. OPCS-4.10 changes broke the mapping for a week."},
		{Name: "tags", Text: "clinical-coding, administration, icd-10, opcs-4"},
		{Name: "organisation", Text: "Royal Free London NHS Foundation Trust, Royal Free Hospital, Pond Street, London NW3 2QG - coding department"},
		{Name: "contact", Text: "Head of clinical coding, Bernadette Quinn"},
	}},
	{"f-mh-chatbot", []Field{
		{Name: "title", Text: "Self-referral chatbot for talking therapies"},
		{Name: "summary", Text: "A conversational front door for NHS Talking Therapies self-referrals. Completed referrals rose 22% and out-of-hours referrals doubled. Risk questions hand over to a human and to 111 option 2 for urgent mental health help."},
		{Name: "lessons", Text: "Test the risk escalation script with clinicians and experts by experience. Publish clearly that it is not a crisis service."},
		{Name: "tags", Text: "mental-health, self-referral, chatbot, patient-access"},
		{Name: "organisation", Text: "South London and Maudsley NHS Foundation Trust (mental health)"},
		{Name: "contact", Text: "Talking therapies digital lead, Oliver Grant"},
	}},
	{"f-ambulance-summaries", []Field{
		{Name: "title", Text: "Summarising 999 call transcripts for handover to clinical hub"},
		{Name: "summary", Text: "An LLM drafts a short summary of each 999 call for the clinical hub. Call handlers review it before sending. Summary accuracy was 94% in a blind review of 500 calls."},
		{Name: "lessons", Text: "Ambulance control rooms are noisy: speech-to-text errors were the main failure, not the summariser. Keep the full transcript one click away."},
		{Name: "tags", Text: "ambulance, 999, llm, clinical-documentation"},
		{Name: "organisation", Text: "London Ambulance Service NHS Trust, 220 Waterloo Road, London SE1 8SD, control services"},
		{Name: "contact", Text: "Contact the control services innovation team via the kbbot expert list"},
	}},
	{"f-pharmacy-stock", []Field{
		{Name: "title", Text: "Forecasting pharmacy stock with machine learning"},
		{Name: "summary", Text: "Demand forecasts for the top 400 lines cut emergency orders by 31% and wastage of short-dated stock by about £62k a year."},
		{Name: "lessons", Text: "Forecasts failed during shortages and recalls, so buyers must be able to override. A simple seasonal baseline got 80% of the benefit."},
		{Name: "tags", Text: "pharmacy, forecasting, operations"},
		{Name: "organisation", Text: "Pharmacy procurement, Lewisham and Greenwich NHS Trust"},
		{Name: "contact", Text: "Chief pharmacist's office"},
	}},
	{"f-stroke-imaging", []Field{
		{Name: "title", Text: "AI stroke imaging decision support across the network"},
		{Name: "summary", Text: "CT and CTA are analysed automatically and shared with the comprehensive stroke centre. Door-in-door-out time for thrombectomy transfers fell by a median of 21 minutes."},
		{Name: "lessons", Text: "The value came from image sharing and the network app, not only the AI reads. Agree with the network who answers the phone at 3am."},
		{Name: "tags", Text: "stroke, diagnostics-imaging, thrombectomy, network"},
		{Name: "organisation", Text: "Hyper-acute stroke unit, St George's University Hospitals NHS Foundation Trust"},
		{Name: "contact", Text: "Stroke consultant and clinical lead, Dr Ines Carvalho"},
	}},
	{"f-echo-ai", []Field{
		{Name: "title", Text: "AI-assisted echocardiography measurements"},
		{Name: "summary", Text: "Automated ejection fraction and strain measurements for routine echoes. Scan-to-report time fell by 9 minutes per study; inter-observer variation dropped."},
		{Name: "lessons", Text: "Sonographers feared deskilling; we made the AI values editable and recorded overrides, which also gave us our audit."},
		{Name: "tags", Text: "cardiology, echo, diagnostics-imaging"},
		{Name: "organisation", Text: "Cardiac physiology, King's College Hospital NHS Foundation Trust"},
		{Name: "contact", Text: "Lead cardiac physiologist, Sunita Rao (Slack: @sunita.rao)"},
	}},
	{"f-breast-screening", []Field{
		{Name: "title", Text: "AI as second reader in breast screening: service evaluation"},
		{Name: "summary", Text: "AI replaced the second human reader for a retrospective sample of 25,000 screens. Cancer detection was non-inferior and workload for second readers fell by 44%."},
		{Name: "lessons", Text: "Arbitration rules matter more than the AI threshold. Any live change needs national screening programme approval, which is slow but right."},
		{Name: "tags", Text: "breast-screening, second-reader, service-evaluation"},
		{Name: "organisation", Text: "A breast screening unit in the south east"},
		{Name: "contact", Text: "Anonymous"},
	}},
	{"f-prostate-mri", []Field{
		{Name: "title", Text: "Prostate MRI AI to prioritise reporting"},
		{Name: "summary", Text: "AI scores bi-parametric prostate MRI and moves likely-significant cases up the reporting list. Median time to report for PI-RADS 4-5 fell from 12 to 5 days."},
		{Name: "lessons", Text: "A prioritisation tool still changes clinical risk: low-scored cases wait longer, so we set a maximum wait for every case."},
		{Name: "tags", Text: "urology, mri, prioritisation, diagnostics-imaging"},
		{Name: "organisation", Text: "Imaging department, Homerton Healthcare NHS Foundation Trust, Homerton Row, London E9 6SR - MRI is in the main building"},
		{Name: "contact", Text: "Uroradiology lead, via Slack"},
	}},
	{"f-letters-plain-english", []Field{
		{Name: "title", Text: "Plain-English versions of clinic letters"},
		{Name: "summary", Text: "An LLM rewrites outpatient letters addressed to GPs into a patient-friendly version, checked by the clinician before sending. Readability went from grade 14 to grade 8."},
		{Name: "lessons", Text: "Clinicians must check every letter; the model occasionally softened bad news. Ask patients what they want: many wanted both versions."},
		{Name: "tags", Text: "patient-engagement, llm, letters, readability"},
		{Name: "organisation", Text: "Whittington Health NHS Trust, Magdala Avenue, London N19 5NF; outpatients"},
		{Name: "contact", Text: "Patient experience lead, Rosa Delgado"},
	}},
	{"f-translation", []Field{
		{Name: "title", Text: "Machine translation for appointment reminders"},
		{Name: "summary", Text: "Text reminders are machine-translated into the 12 most common languages on the list. Non-attendance among patients with a recorded language other than English fell from 14% to 10%."},
		{Name: "lessons", Text: "Have every template checked by a qualified translator once; machine translation of free text is not safe for clinical content."},
		{Name: "tags", Text: "translation, equity, reminders, patient-engagement"},
		{Name: "organisation", Text: "Newham PCN (primary care)"},
		{Name: "contact", Text: "PCN digital transformation lead"},
	}},
	{"f-rostering", []Field{
		{Name: "title", Text: "AI-assisted nurse rostering: abandoned"},
		{Name: "summary", Text: "Auto-generated rosters met the rules but staff hated them; uptake was low and ward managers rebuilt them by hand. Stopped after 5 months."},
		{Name: "lessons", Text: "Rosters are about fairness and people's lives, not just rules. Co-design with the staff side and ward managers from the start."},
		{Name: "tags", Text: "workforce, rostering, low-uptake, abandoned"},
		{Name: "organisation", Text: "A community trust in Essex"},
		{Name: "contact", Text: "Deputy director of nursing, anonymous"},
	}},
	{"f-foi-drafting", []Field{
		{Name: "title", Text: "LLM help with FOI responses"},
		{Name: "summary", Text: "Drafting standard FOI answers from previous responses cut average handling time from 6.2 to 3.9 hours. All drafts are checked by the FOI officer."},
		{Name: "lessons", Text: "Only feed it published responses. Keep a log of which sections were AI-drafted in case of an ICO complaint."},
		{Name: "tags", Text: "foi, general-llm, administration"},
		{Name: "organisation", Text: "NHS North East London ICB, corporate affairs"},
		{Name: "contact", Text: "Corporate governance team, foi.nelicb@nhs.net"},
	}},
	{"f-complaints-triage", []Field{
		{Name: "title", Text: "Sorting complaints by theme with text analytics"},
		{Name: "summary", Text: "Topic modelling of 2,900 complaints and PALS contacts showed communication and car parking as the two biggest themes; the board now gets a monthly theme chart."},
		{Name: "lessons", Text: "Run it on de-identified text only and keep it on trust infrastructure. Staff trusted it more after we showed example quotes for each theme."},
		{Name: "tags", Text: "patient-experience, text-analytics, complaints"},
		{Name: "organisation", Text: "An acute trust in north west London"},
		{Name: "contact", Text: "Head of patient experience"},
	}},
	{"f-sickness-analytics", []Field{
		{Name: "title", Text: "Predicting sickness absence hotspots"},
		{Name: "summary", Text: "Team-level forecasts of absence let managers plan bank cover two weeks ahead. Agency spend in pilot areas fell by £140k in a year."},
		{Name: "lessons", Text: "Keep it at team level; individual predictions would have ended the project with the unions, rightly."},
		{Name: "tags", Text: "workforce, absence, forecasting"},
		{Name: "organisation", Text: "North Middlesex University Hospital NHS Trust, Sterling Way, London N18 1QX. HR and workforce directorate"},
		{Name: "contact", Text: "Workforce intelligence manager, Kofi Asante"},
	}},
	{"f-estates-energy", []Field{
		{Name: "title", Text: "Machine learning to cut heating energy"},
		{Name: "summary", Text: "A building management model learned occupancy patterns in outpatient blocks and trimmed heating. Gas use fell 11% year on year, about 240 tonnes CO2e."},
		{Name: "lessons", Text: "Estates data is messy: half the sensors were mislabelled. Budget time for that before blaming the model."},
		{Name: "tags", Text: "estates, net-zero, energy"},
		{Name: "organisation", Text: "Estates and facilities, Queen's Hospital, Rom Valley Way, Romford RM7 0AG - Barking, Havering and Redbridge University Hospitals NHS Trust"},
		{Name: "contact", Text: "Energy manager, through the estates helpdesk"},
	}},
	{"f-procurement-lesson", []Field{
		{Name: "title", Text: "Buying an AI tool under £50k: what the framework did not tell us"},
		{Name: "summary", Text: "We bought through G-Cloud 14 with a direct award. The contract said nothing about model updates, data retention or exit, so we had to renegotiate at month 4."},
		{Name: "lessons", Text: "Use the Buyer's Guide to AI questions as contract schedules. Ask for the DCB0129 safety case and DTAC before you sign, not after."},
		{Name: "tags", Text: "funding-procurement, g-cloud, contracts, dtac"},
		{Name: "organisation", Text: "An ICB in the Midlands"},
		{Name: "contact", Text: "Digital procurement lead, anonymous"},
	}},
	{"f-sepsis-alert-mixed", []Field{
		{Name: "title", Text: "Machine-learning deterioration alert on adult wards: mixed"},
		{Name: "summary", Text: "The alert predicted deterioration 6 hours earlier than NEWS2 in testing, but live alert fatigue was high: 70% of alerts were dismissed within a minute."},
		{Name: "lessons", Text: "Tie alerts to a clear response: who comes, how fast. Tune thresholds per ward, and measure dismissals from week one."},
		{Name: "tags", Text: "deterioration, news2, alert-fatigue, mixed"},
		{Name: "organisation", Text: "Leeds Teaching Hospitals NHS Trust, St James's University Hospital, Beckett Street, Leeds LS9 7TF (digital hub on level 2)"},
		{Name: "contact", Text: "Chief clinical information officer's team, Slack #ai-deterioration"},
	}},
	{"f-pathology-digital", []Field{
		{Name: "title", Text: "AI on digital pathology slides for prostate biopsies"},
		{Name: "summary", Text: "The AI highlights areas suspicious for cancer on whole-slide images. Pathologists reported 15% faster reads with no change in grading concordance in a 400-case study."},
		{Name: "lessons", Text: "You need digital pathology scanning at scale first; the AI is the easy part. Storage costs were twice our estimate."},
		{Name: "tags", Text: "digital-pathology, diagnostics, prostate"},
		{Name: "organisation", Text: "Cellular pathology, Addenbrooke's Hospital, Hills Road, Cambridge CB2 0QQ, Cambridge University Hospitals"},
		{Name: "contact", Text: "Consultant histopathologist, Dr Tobias Lindqvist"},
	}},
	{"f-virtual-ward", []Field{
		{Name: "title", Text: "Risk scores on a respiratory virtual ward"},
		{Name: "summary", Text: "Home obs feed a risk score that orders the nurses' review list. The ward runs at 48 of 60 beds; no increase in readmissions compared with the previous winter."},
		{Name: "lessons", Text: "Patients need a named person to phone, not just an app. Kit logistics (returns, charging) took more time than the AI."},
		{Name: "tags", Text: "virtual-ward, remote-monitoring, respiratory"},
		{Name: "organisation", Text: "Community health services, Central London Community Healthcare NHS Trust"},
		{Name: "contact", Text: "Virtual ward matron, Claire Whitmore"},
	}},
	{"f-ct-protocolling", []Field{
		{Name: "title", Text: "Automatic protocolling of CT requests"},
		{Name: "summary", Text: "Rules plus a language model suggest a CT protocol from the request text. Radiographers accepted 82% of suggestions and vetting time per request fell by about 40 seconds."},
		{Name: "lessons", Text: "Poor request text produces poor protocols; the project turned into a requesting-quality project, which was the real win."},
		{Name: "tags", Text: "ct, vetting, diagnostics-imaging, llm"},
		{Name: "organisation", Text: "Radiology, Kingston Hospital, Galsworthy Road, Kingston upon Thames KT2 7QB - CT department"},
		{Name: "contact", Text: "Radiology service manager, via Slack @radiology-kingston"},
	}},
	{"f-gp-inbox", []Field{
		{Name: "title", Text: "Sorting GP document workflow with AI"},
		{Name: "summary", Text: "Incoming hospital letters are read, coded and routed by software; only letters with new actions go to a GP. GP document time fell from 45 to 15 minutes a day."},
		{Name: "lessons", Text: "Audit a random sample weekly: 2 in 500 letters needing action were filed without GP review in month 1, fixed by rule changes."},
		{Name: "tags", Text: "primary-care, workflow, docman, administration"},
		{Name: "organisation", Text: "Three practices in Tower Hamlets, primary care"},
		{Name: "contact", Text: "GP partner and digital lead, Dr Yusuf Hamid"},
	}},
	{"f-waiting-list-validation", []Field{
		{Name: "title", Text: "Automated waiting list validation"},
		{Name: "summary", Text: "A bot contacts patients on long waits to check they still need their appointment. 3,412 entries validated in 5 weeks; 212 flagged for clinical review."},
		{Name: "lessons", Text: "No removal without a human decision. Offer a phone route for people who do not reply by text."},
		{Name: "tags", Text: "waiting-list, validation, elective-recovery"},
		{Name: "organisation", Text: "Elective recovery team, an acute trust in Kent"},
		{Name: "contact", Text: "Elective recovery programme manager"},
	}},
	{"f-kb-chatbot-staff", []Field{
		{Name: "title", Text: "Staff policy chatbot on the intranet"},
		{Name: "summary", Text: "Staff ask an LLM chatbot about HR and IT policies; it answers from 420 published policies with links. 61% of questions answered without a ticket."},
		{Name: "lessons", Text: "Out-of-date policies were the main source of wrong answers; clean the library first. Show the source every time."},
		{Name: "tags", Text: "general-llm, intranet, hr, it-service-desk"},
		{Name: "organisation", Text: "Guy's and St Thomas' NHS Foundation Trust, St Thomas' Hospital, Westminster Bridge Road, London SE1 7EH; digital services"},
		{Name: "contact", Text: "Knowledge and library services team"},
	}},
	{"f-elft-qi", []Field{
		{Name: "title", Text: "Using an LLM to summarise QI project reports"},
		{Name: "summary", Text: "Summaries of 600 quality improvement project reports now feed a searchable library. Teams find related projects before starting new ones."},
		{Name: "lessons", Text: "A searchable library of summaries was worth more than the LLM itself. Ask project leads to check their own summaries."},
		{Name: "tags", Text: "quality-improvement, general-llm, knowledge-management"},
		{Name: "organisation", Text: "East London NHS Foundation Trust, Robert Dolan House, 9 Alie Street, London E1 8DE. QI department"},
		{Name: "contact", Text: "QI programme lead, via the QI team"},
	}},
	{"f-nhse-guidance-summary", []Field{
		{Name: "title", Text: "Where to find national AI guidance"},
		{Name: "summary", Text: "NHS England's AI and Digital Regulations Service brings MHRA, NICE, CQC and HRA guidance together. The ambient scribing guidance was published on 27 April 2025."},
		{Name: "lessons", Text: "Start with the regulations service, then DTAC, then DCB0129/DCB0160. For questions NHS England's contact centre is on 0300 311 22 33."},
		{Name: "tags", Text: "guidance, governance, aidrs, dtac"},
		{Name: "organisation", Text: "NHS England, Wellington House, 133-155 Waterloo Road, London SE1 8UG (national)"},
		{Name: "contact", Text: "Transformation directorate AI team, england.aiteam@nhs.net"},
	}},
	{"f-ig-dpia-template", []Field{
		{Name: "title", Text: "A DPIA template that works for AI tools"},
		{Name: "summary", Text: "We extended our DPIA template with AI-specific questions: training on our data, retention of prompts and audio, sub-processors, model updates and human review."},
		{Name: "lessons", Text: "Lawful basis for direct care is usually UK GDPR 6(1)(e) and 9(2)(h). Get the supplier's answers in writing and attach them."},
		{Name: "tags", Text: "dpia, ig, governance, template"},
		{Name: "organisation", Text: "Information governance, an ICB in north west London"},
		{Name: "contact", Text: "IG manager, ask in #ig-ai for the template"},
	}},
	{"f-caldicott-review", []Field{
		{Name: "title", Text: "Preparing for the Caldicott Guardian's questions"},
		{Name: "summary", Text: "Our Caldicott Guardian reviews every AI tool that touches patient data. We now send a one-page brief in advance covering the eight principles."},
		{Name: "lessons", Text: "Principle 8 (inform patients and service users) is the one teams forget. Have a poster and web text ready."},
		{Name: "tags", Text: "caldicott, ig, governance"},
		{Name: "organisation", Text: "A mental health trust in London"},
		{Name: "contact", Text: "Caldicott support officer"},
	}},
	{"f-dspt-cyber", []Field{
		{Name: "title", Text: "DSPT and supplier assurance for cloud AI"},
		{Name: "summary", Text: "For each AI supplier we check DSPT status (Standards Met for 2024/25), Cyber Essentials Plus and penetration test dates. Two suppliers failed and were paused."},
		{Name: "lessons", Text: "Re-check annually: one supplier's DSPT lapsed in June and nobody noticed until our audit in October."},
		{Name: "tags", Text: "dspt, cyber, supplier-assurance, caf"},
		{Name: "organisation", Text: "Cyber security team, Royal Sussex County Hospital, Eastern Road, Brighton BN2 5BE - University Hospitals Sussex"},
		{Name: "contact", Text: "Cyber team mailbox (see intranet)"},
	}},
	{"f-mhra-class", []Field{
		{Name: "title", Text: "Is it a medical device? Our decision record"},
		{Name: "summary", Text: "We keep a one-page record for every AI tool stating whether it is a medical device, its UKCA class and registration, and who decided. 11 of 19 tools were devices."},
		{Name: "lessons", Text: "Suppliers sometimes say 'not a device' when the intended purpose says otherwise. Read the intended purpose statement yourself."},
		{Name: "tags", Text: "mhra, medical-device, samd, governance"},
		{Name: "organisation", Text: "Clinical safety team, a London teaching hospital"},
		{Name: "contact", Text: "Clinical safety officer, Dr Hannah Lowe"},
	}},
	{"f-incident-reporting", []Field{
		{Name: "title", Text: "Reporting an AI incident: what we did"},
		{Name: "summary", Text: "A scribe misattributed a relative's words to the patient. We reported through LFPSE, told the supplier, and filed a Yellow Card because the product is a Class I device."},
		{Name: "lessons", Text: "Know before go-live who reports what to whom. The hazard log had this hazard, which made the incident review quicker."},
		{Name: "tags", Text: "incident, lfpse, yellow-card, clinical-safety"},
		{Name: "organisation", Text: "An acute trust outpatient service"},
		{Name: "contact", Text: "Patient safety specialist, anonymous"},
	}},
	{"f-evaluation-design", []Field{
		{Name: "title", Text: "Designing an AI pilot evaluation with a HIN"},
		{Name: "summary", Text: "Our HIN designed an interrupted time series with 12 months of baseline data. The evaluation cost £38k and took 7 months, reporting in January 2026."},
		{Name: "lessons", Text: "Collect baseline data before go-live; you cannot go back. Decide the primary outcome measure before you see any results."},
		{Name: "tags", Text: "evaluation, service-evaluation, hin, interrupted-time-series"},
		{Name: "organisation", Text: "Health Innovation Network South London"},
		{Name: "contact", Text: "Evaluation lead, Dr Meera Pillai"},
	}},
	{"f-research-or-audit", []Field{
		{Name: "title", Text: "Research, audit or service evaluation? We used the HRA tool"},
		{Name: "summary", Text: "The HRA decision tool told us our AI pilot was service evaluation, so no REC approval was needed; we still registered it with the trust's audit team."},
		{Name: "lessons", Text: "Randomising patients makes it research. Save the decision tool output as a PDF in the project folder."},
		{Name: "tags", Text: "research, audit, service-evaluation, hra"},
		{Name: "organisation", Text: "Research and development office, a teaching trust"},
		{Name: "contact", Text: "R&D manager"},
	}},
	{"f-bs30440", []Field{
		{Name: "title", Text: "Using BS 30440 in procurement"},
		{Name: "summary", Text: "We asked bidders to map their product to BS 30440:2023, the validation framework for AI in healthcare. It separated mature suppliers from the rest quickly."},
		{Name: "lessons", Text: "Score the answers, do not just ask for certification. Few suppliers were certified in 2025."},
		{Name: "tags", Text: "bs30440, procurement, validation"},
		{Name: "organisation", Text: "A London procurement hub"},
		{Name: "contact", Text: "Category manager, digital"},
	}},
	{"f-cqc-gp", []Field{
		{Name: "title", Text: "What CQC asked about AI at our inspection"},
		{Name: "summary", Text: "Inspectors asked how we assured our online triage and scribe tools: DPIA, clinical safety documentation, staff training and how we monitor outcomes."},
		{Name: "lessons", Text: "Keep an AI register with owners and review dates. The inspector liked our monthly scribe audit of 20 notes."},
		{Name: "tags", Text: "cqc, primary-care, inspection, governance"},
		{Name: "organisation", Text: "A GP practice in south west London"},
		{Name: "contact", Text: "Practice manager, anonymous"},
	}},
	{"f-patient-engagement", []Field{
		{Name: "title", Text: "Asking patients before an AI pilot"},
		{Name: "summary", Text: "We held three patient panels (31 people) before piloting an ambient scribe. The main concerns were recording, storage and who could listen later."},
		{Name: "lessons", Text: "Patients were far more relaxed than staff expected once they knew audio was deleted after the note was written."},
		{Name: "tags", Text: "patient-engagement, ambient-voice, ppie"},
		{Name: "organisation", Text: "Patient partnership team, Whittington Health"},
		{Name: "contact", Text: "Engagement officer, Joseph Mensah-Bonsu"},
	}},
	{"f-infrastructure-gpu", []Field{
		{Name: "title", Text: "Running open models on trust infrastructure"},
		{Name: "summary", Text: "We host an open-weights model on two GPUs in the trust data centre for summarisation tasks, so no text leaves the network. Running cost about £1,100 a month."},
		{Name: "lessons", Text: "You need someone who can run it at 2am. Version-pin everything; the model server changed its API twice in six months."},
		{Name: "tags", Text: "infrastructure, on-premises, open-models"},
		{Name: "organisation", Text: "Digital infrastructure, an acute trust in the north west"},
		{Name: "contact", Text: "Head of infrastructure, via #ai-infra"},
	}},
	{"f-ai-strategy", []Field{
		{Name: "title", Text: "Writing a trust AI strategy that the board signed"},
		{Name: "summary", Text: "A 6-page strategy with three priorities, an AI register, a governance route and a budget line. Approved at the board on 26 February 2026."},
		{Name: "lessons", Text: "Tie it to operational problems the board already worries about. Keep the register public inside the trust."},
		{Name: "tags", Text: "strategy, board, ai-register"},
		{Name: "organisation", Text: "Manchester University NHS Foundation Trust, Manchester Royal Infirmary, Oxford Road, Manchester M13 9WL (trust HQ)"},
		{Name: "contact", Text: "Director of digital strategy's office"},
	}},
	{"f-workforce-skills", []Field{
		{Name: "title", Text: "An AI skills programme for 300 staff"},
		{Name: "summary", Text: "A four-module course on AI basics, safety, IG and evaluation. 312 staff completed it; confidence scores rose from 2.4 to 3.8 out of 5."},
		{Name: "lessons", Text: "Managers need a separate session on what to ask suppliers. Use local examples, not generic slides."},
		{Name: "tags", Text: "workforce, training, digital-skills"},
		{Name: "organisation", Text: "Education and training, a community trust"},
		{Name: "contact", Text: "Learning and development lead"},
	}},
	{"f-ics-data", []Field{
		{Name: "title", Text: "Linking ICS data for population health models"},
		{Name: "summary", Text: "Pseudonymised primary, acute and community data in the ICS data platform now feed risk models. Small numbers are suppressed below 10."},
		{Name: "lessons", Text: "Data sharing agreements took 9 months. The pseudonymisation key must stay with the data processor, not the analysts."},
		{Name: "tags", Text: "population-health, data-platform, pseudonymisation"},
		{Name: "organisation", Text: "An integrated care board in London"},
		{Name: "contact", Text: "Head of population health analytics"},
	}},
	{"f-speech-recognition", []Field{
		{Name: "title", Text: "Front-end speech recognition for radiology reports"},
		{Name: "summary", Text: "Radiologists dictate straight into the report with speech recognition; typing backlog disappeared and report turnaround fell from 4.2 to 1.6 days."},
		{Name: "lessons", Text: "Give people a quiet room and a good microphone. The vocabulary training took 3 sessions per radiologist."},
		{Name: "tags", Text: "speech-recognition, radiology, clinical-documentation"},
		{Name: "organisation", Text: "A district general hospital in Surrey"},
		{Name: "contact", Text: "PACS manager"},
	}},
	{"f-endoscopy", []Field{
		{Name: "title", Text: "Computer-aided polyp detection in colonoscopy"},
		{Name: "summary", Text: "CADe during colonoscopy raised adenoma detection rate from 27% to 32% across 6 endoscopists over 900 procedures. False alarms were frequent but brief."},
		{Name: "lessons", Text: "Endoscopists with already high detection rates gained least. Track withdrawal time alongside detection."},
		{Name: "tags", Text: "endoscopy, cade, diagnostics"},
		{Name: "organisation", Text: "Endoscopy unit, an acute trust in the east of England"},
		{Name: "contact", Text: "Endoscopy lead nurse, Bronwen Hughes"},
	}},
	{"f-referral-management", []Field{
		{Name: "title", Text: "AI-supported advice and guidance for referrals"},
		{Name: "summary", Text: "Referral letters are checked against pathway criteria before reaching the consultant. 17% of referrals were converted to advice and guidance in gastroenterology."},
		{Name: "lessons", Text: "Consultants must agree the criteria; GP feedback on rejected referrals needs to be quick and polite."},
		{Name: "tags", Text: "referrals, advice-and-guidance, outpatients"},
		{Name: "organisation", Text: "Gastroenterology, an acute trust in south east London"},
		{Name: "contact", Text: "Outpatient transformation, via #outpatients-ai"},
	}},
	{"f-ops-bed-prediction", []Field{
		{Name: "title", Text: "Predicting bed demand 7 days ahead"},
		{Name: "summary", Text: "A forecast of admissions and discharges by specialty, updated at 06:30 daily. Mean absolute error 4.1 beds at 7 days. Site managers use it at the 08:30 bed meeting."},
		{Name: "lessons", Text: "Forecasts were trusted only after we published accuracy every week next to them."},
		{Name: "tags", Text: "operations, bed-management, forecasting"},
		{Name: "organisation", Text: "Operations centre, an acute trust in the Midlands"},
		{Name: "contact", Text: "Head of patient flow"},
	}},
	{"f-ophthalmology-oct", []Field{
		{Name: "title", Text: "OCT scan AI for referral refinement"},
		{Name: "summary", Text: "Optometrists' OCT scans are analysed by AI and reviewed virtually; 40% of referrals for suspected wet AMD were managed without a hospital visit."},
		{Name: "lessons", Text: "Image transfer from high street optometrists was the hardest part; standardise on one format early."},
		{Name: "tags", Text: "ophthalmology, oct, referral-refinement"},
		{Name: "organisation", Text: "Eye service, a London teaching trust"},
		{Name: "contact", Text: "Consultant ophthalmologist, Dr Adaeze Nwosu"},
	}},
	{"f-pcn-ar", []Field{
		{Name: "title", Text: "Additional roles scheduling with a simple optimiser"},
		{Name: "summary", Text: "An optimiser builds weekly rotas for 23 additional roles staff across 5 practices. Unfilled sessions fell from 14 to 3 a week."},
		{Name: "lessons", Text: "It is not really AI, and that is fine. Call it what it is; staff were more open once we did."},
		{Name: "tags", Text: "primary-care, pcn, arrs, scheduling"},
		{Name: "organisation", Text: "A PCN in north Kent"},
		{Name: "contact", Text: "PCN manager"},
	}},
	{"f-hazard-log", []Field{
		{Name: "title", Text: "Our hazard log for an ambient scribe (23 hazards)"},
		{Name: "summary", Text: "Hazards included wrong speaker attribution, omitted negatives ('no chest pain' becoming 'chest pain'), wrong drug doses and hallucinated examinations."},
		{Name: "lessons", Text: "Have the clinical users score the hazards. Re-run the log when the supplier updates the model: version 3.2 fixed one hazard and added another."},
		{Name: "tags", Text: "hazard-log, dcb0160, clinical-safety, ambient-voice"},
		{Name: "organisation", Text: "Clinical safety team, Barts Health NHS Trust"},
		{Name: "contact", Text: "CSO, Dr Olumide Bankole"},
	}},
	{"f-eqia", []Field{
		{Name: "title", Text: "Equality impact assessment for a triage chatbot"},
		{Name: "summary", Text: "The EqIA found the chatbot disadvantaged people with low literacy and those who speak little English; we added a voice option and kept phone access."},
		{Name: "lessons", Text: "Do the EqIA with community groups, not at a desk. Monitor uptake by age band: over-65s used it far less (21% against 62% in 18–39s)."},
		{Name: "tags", Text: "eqia, equity, chatbot, patient-access"},
		{Name: "organisation", Text: "Patient access team, an ICB in south London"},
		{Name: "contact", Text: "Equality and inclusion lead"},
	}},
	{"f-supplier-exit", []Field{
		{Name: "title", Text: "When the supplier went bust: exit planning"},
		{Name: "summary", Text: "Our triage supplier entered administration mid-contract. Because the exit plan required weekly data exports we switched back to the old process in 2 days."},
		{Name: "lessons", Text: "Write exit and data return into the contract. Test the export early, not just on paper."},
		{Name: "tags", Text: "supplier, exit-planning, contracts, abandoned"},
		{Name: "organisation", Text: "A community trust in the south west"},
		{Name: "contact", Text: "Head of digital, anonymous"},
	}},
	{"f-ai-register", []Field{
		{Name: "title", Text: "Keeping an AI register"},
		{Name: "summary", Text: "Every AI tool in use or in pilot is on one register with owner, purpose, MHRA status, DPIA reference, DCB0160 status and review date. 27 entries as of November 2025."},
		{Name: "lessons", Text: "Ask every department once a quarter; shadow AI appears in surprising places (finance macros, browser extensions)."},
		{Name: "tags", Text: "ai-register, governance, shadow-ai"},
		{Name: "organisation", Text: "Digital governance, an acute trust"},
		{Name: "contact", Text: "Digital governance manager, Slack @dig-gov"},
	}},
	{"f-llm-evaluation", []Field{
		{Name: "title", Text: "Testing an LLM before use: our 50-question set"},
		{Name: "summary", Text: "We built 50 test questions with known answers from our own policies and scored each model release. Wrong answers fell from 9 in 50 to 2 in 50 after prompt changes."},
		{Name: "lessons", Text: "Keep the test set private and fixed; add new questions when an incident happens."},
		{Name: "tags", Text: "evaluation, llm, testing, general-llm"},
		{Name: "organisation", Text: "Data science team, an acute trust"},
		{Name: "contact", Text: "Lead data scientist, Ravi Chandran"},
	}},
	{"f-shared-care-record", []Field{
		{Name: "title", Text: "Summarising the shared care record for ED"},
		{Name: "summary", Text: "A generated summary of the shared care record appears for ED clinicians on arrival. Time to first review of history fell, but clinicians trusted it only for medication lists."},
		{Name: "lessons", Text: "Show where each line came from. The London Care Record integration team were very helpful."},
		{Name: "tags", Text: "shared-care-record, ed, llm, summarisation"},
		{Name: "organisation", Text: "Emergency department, an acute trust in east London"},
		{Name: "contact", Text: "ED consultant and CCIO, Dr Seun Adebayo"},
	}},
	{"f-ct-lung-screening", []Field{
		{Name: "title", Text: "Nodule detection in the lung health check programme"},
		{Name: "summary", Text: "AI nodule detection supported radiologists reading targeted lung health check CTs. Reading time per scan fell by 25% and agreement on nodule size improved."},
		{Name: "lessons", Text: "Volumetry differences between software versions can change management; lock versions during a screening round."},
		{Name: "tags", Text: "lung-health-check, ct, nodules, screening"},
		{Name: "organisation", Text: "Targeted lung health check programme, a cancer alliance in north London"},
		{Name: "contact", Text: "Programme radiology lead"},
	}},
	{"f-mental-health-notes", []Field{
		{Name: "title", Text: "Ambient notes in community mental health: too early to say"},
		{Name: "summary", Text: "Pilot with 14 clinicians started in October 2025. Early feedback is positive on time, but mental health conversations are long and notes are too detailed."},
		{Name: "lessons", Text: "Get service users' views early; some did not want sensitive discussions recorded at all, and that must be easy to honour."},
		{Name: "tags", Text: "mental-health, ambient-voice, too-early"},
		{Name: "organisation", Text: "Community mental health teams, a London mental health trust"},
		{Name: "contact", Text: "Nurse consultant, Alicia Mendes"},
	}},
	{"f-111-online", []Field{
		{Name: "title", Text: "Symptom checker data to plan urgent care"},
		{Name: "summary", Text: "We used aggregate NHS 111 online disposition data by day and hour to plan urgent treatment centre staffing. Wait times at the UTC fell on Sunday afternoons."},
		{Name: "lessons", Text: "Aggregate data was enough; we never needed patient-level records."},
		{Name: "tags", Text: "urgent-care, 111, operations, planning"},
		{Name: "organisation", Text: "Urgent care, an ICB in the east of England"},
		{Name: "contact", Text: "Urgent care commissioning manager"},
	}},
	{"f-ai-literacy-board", []Field{
		{Name: "title", Text: "A board development session on AI"},
		{Name: "summary", Text: "A 90-minute session for executive and non-executive directors covering what AI is, the risks, our register and three local examples."},
		{Name: "lessons", Text: "Non-executives asked the best questions about liability and evidence. Bring the CSO and DPO to answer them."},
		{Name: "tags", Text: "board, strategy, ai-literacy"},
		{Name: "organisation", Text: "Corporate affairs, an acute trust in Yorkshire"},
		{Name: "contact", Text: "Trust secretary's office"},
	}},
	{"f-digital-exclusion", []Field{
		{Name: "title", Text: "Digital exclusion in an app-first pathway"},
		{Name: "summary", Text: "An app-based post-operative follow-up reached 78% of patients; the rest needed calls. We kept both routes and routed by preference at pre-assessment."},
		{Name: "lessons", Text: "Ask about preference, do not assume by age. Several older patients were the keenest app users."},
		{Name: "tags", Text: "digital-inclusion, remote-monitoring, surgery"},
		{Name: "organisation", Text: "Day surgery unit, an acute trust in the south west"},
		{Name: "contact", Text: "Day surgery sister"},
	}},
	{"f-transcription-outpatients", []Field{
		{Name: "title", Text: "Outpatient letter turnaround with AI transcription"},
		{Name: "summary", Text: "Letters now leave within 2 working days, down from 11. Secretaries edit transcripts rather than type from audio."},
		{Name: "lessons", Text: "Secretaries were central to success; involve them from the start and redesign their roles, do not cut them."},
		{Name: "tags", Text: "clinical-documentation, transcription, outpatients"},
		{Name: "organisation", Text: "Medical secretaries service, Croydon University Hospital, 530 London Road, Croydon CR7 7YE, outpatients building"},
		{Name: "contact", Text: "Head of medical secretaries"},
	}},
	{"f-data-quality", []Field{
		{Name: "title", Text: "AI pilots exposed our data quality"},
		{Name: "summary", Text: "Three AI pilots failed or stalled on data quality: missing ethnicity codes, inconsistent ward codes and free-text allergies. We now run data quality checks before any pilot."},
		{Name: "lessons", Text: "Budget 20% of pilot time for data work. The AI exposed problems that were hurting us anyway."},
		{Name: "tags", Text: "data-quality, insight, pilots"},
		{Name: "organisation", Text: "Business intelligence, an acute trust"},
		{Name: "contact", Text: "BI manager, Gareth Llewellyn"},
	}},
	{"f-benefits-not-cash", []Field{
		{Name: "title", Text: "Time saved is not money saved"},
		{Name: "summary", Text: "Our scribe saves clinicians about 20 minutes a day each, but no posts were removed, so finance counted no cash saving. The time went into more patient contact."},
		{Name: "lessons", Text: "Agree before the pilot whether benefits are cash-releasing or not, and how you will show non-cash benefits to the board."},
		{Name: "tags", Text: "benefits, insight, finance, non-cash-releasing"},
		{Name: "organisation", Text: "Finance and digital, a community trust"},
		{Name: "contact", Text: "Anonymous"},
	}},
	{"f-confidence-residents", []Field{
		{Name: "title", Text: "Resident doctors and AI reassurance"},
		{Name: "summary", Text: "Resident doctors said AI agreement with their X-ray reads made them more confident at night. We have not measured whether decisions changed."},
		{Name: "lessons", Text: "Be careful: confidence is not accuracy. Track cases where AI and the doctor disagreed."},
		{Name: "tags", Text: "insight, education, diagnostics-imaging, anecdotal"},
		{Name: "organisation", Text: "Emergency medicine training programme, London"},
		{Name: "contact", Text: "Training programme director"},
	}},
	{"f-health-coaching", []Field{
		{Name: "title", Text: "AI-guided coaching for high-intensity users"},
		{Name: "summary", Text: "Nurses use AI-identified cohorts and guided coaching scripts for people with frequent unplanned admissions. Ongoing, with an evaluation planned by UCLPartners."},
		{Name: "lessons", Text: "Coaching relationships matter more than the prediction. Keep caseloads small."},
		{Name: "tags", Text: "prediction-prevention, coaching, ongoing"},
		{Name: "organisation", Text: "NHS North East London, population health team"},
		{Name: "contact", Text: "Programme manager, find me in #population-health"},
	}},
	{"f-ortho-outcomes", []Field{
		{Name: "title", Text: "Patient-reported outcomes with automated follow-up"},
		{Name: "summary", Text: "Automated PROMs follow-up after hip and knee replacement reached 71% of patients at 6 months, against 38% by post."},
		{Name: "lessons", Text: "Use a short form. Send at a time that suits, not at 9am Monday."},
		{Name: "tags", Text: "proms, orthopaedics, follow-up"},
		{Name: "organisation", Text: "Elective orthopaedic centre, South West London Elective Orthopaedic Centre, Epsom"},
		{Name: "contact", Text: "Outcomes and audit team"},
	}},
	{"f-sickle-cell-app", []Field{
		{Name: "title", Text: "Co-designing a pain diary app with the sickle cell community"},
		{Name: "summary", Text: "Patients co-designed an app to log pain episodes; a model spots patterns before crises. Still a pilot with 40 users."},
		{Name: "lessons", Text: "Pay people for their time in co-design. Trust comes from the clinical team, not the technology."},
		{Name: "tags", Text: "patient-engagement, co-design, haematology, ongoing"},
		{Name: "organisation", Text: "Haematology, an acute trust in north London"},
		{Name: "contact", Text: "Clinical nurse specialist, via the haematology team"},
	}},
	{"f-nhs-app-messaging", []Field{
		{Name: "title", Text: "Using NHS App messaging instead of SMS"},
		{Name: "summary", Text: "Moving appointment messages to the NHS App saved about £0.03 per message and let patients reply. Fallback to SMS is automatic."},
		{Name: "lessons", Text: "Check the NHS App integration route early; our PAS supplier needed a change request (CR-2291) that took 3 months."},
		{Name: "tags", Text: "nhs-app, messaging, patient-access"},
		{Name: "organisation", Text: "Outpatients, an acute trust in Yorkshire"},
		{Name: "contact", Text: "Digital patient access lead"},
	}},
	{"f-cyber-ai-phishing", []Field{
		{Name: "title", Text: "AI email filtering stopped a phishing wave"},
		{Name: "summary", Text: "ML-based email filtering caught a phishing campaign imitating the trust's payroll in March; 2,100 messages quarantined, 4 clicked before quarantine."},
		{Name: "lessons", Text: "Run phishing simulations alongside; filters reduce but do not remove risk. Report to NHS England's cyber security operations centre."},
		{Name: "tags", Text: "cyber, email, phishing, infrastructure"},
		{Name: "organisation", Text: "IT security, an acute trust in the north east"},
		{Name: "contact", Text: "IT security manager"},
	}},
	{"f-physio-msk", []Field{
		{Name: "title", Text: "Digital MSK self-referral with automated triage"},
		{Name: "summary", Text: "Physiotherapy self-referrals are triaged by a rules-based tool and offered exercise programmes or appointments. Waits for routine physio fell from 14 to 6 weeks."},
		{Name: "lessons", Text: "Red-flag questions must be reviewed by a senior physio every month. Keep a phone route for people who cannot use the web form."},
		{Name: "tags", Text: "msk, physiotherapy, self-referral, triage"},
		{Name: "organisation", Text: "MSK service, a community trust in Hertfordshire"},
		{Name: "contact", Text: "MSK service lead, Siobhan Gallagher"},
	}},
}

var r9HiddenSlack = []r9Secret{
	// NHS numbers, many layouts.
	{"hs-nhs-spaced-mention", NHSNumber, "999 058 7914",
		"@Priya Nair can you check why the scribe didn't pull the record for 999 058 7914? Clinic was at 10:40 this morning :confused:"},
	{"hs-nhs-dashed-bold", NHSNumber, "999-589-0623",
		"*urgent* ward 7B: bloods missing for *999-589-0623* since the EPR upgrade, can someone in digital take a look?"},
	{"hs-nhs-dotted", NHSNumber, "999.762.2308",
		"the AI flagged a possible scaphoid fracture on nhs no. 999.762.2308 but the report never came back to the ED inbox"},
	{"hs-nhs-runtogether-code", NHSNumber, "9991433619",
		"the query that fails is `GET /Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9991433619` and it returns 404 from the PDS proxy"},
	{"hs-nhs-line-break", NHSNumber, "999 436\n4502",
		"Can someone re-run the triage for NHS number 999 436\n4502 please, the first run timed out :hourglass:"},
	{"hs-nhs-ocr-O", NHSNumber, "999 3O6 O674",
		"the scanned referral came through as NHS No: 999 3O6 O674 (OCR again, sorry) and the bot matched it to nobody"},
	{"hs-nhs-ocr-l", NHSNumber, "999 2O3 6l92",
		"from the fax OCR the header reads nhs 999 2O3 6l92, and the rest of the page is unreadable. Who owns the fax-to-EPR robot?"},
	{"hs-nhs-thread", NHSNumber, "999 019 3355",
		"Sam Okoro  2:14 PM\n" +
			"which patient did the scribe mix up?\n" +
			"Leah Finch  2:16 PM\n" +
			"it's 999 019 3355 I think\n" +
			"Sam Okoro  2:17 PM\n" +
			"ok, I'll raise it with the supplier :thumbsup:"},
	{"hs-nhs-slashes", NHSNumber, "999/197/8364",
		"Ref 999/197/8364 on the discharge letter didn't match PDS, has anyone seen the letter template split numbers with slashes?"},
	{"hs-nhs-brackets", NHSNumber, "(999) 290 0482",
		"Quick one: NHS no (999) 290 0482 shows twice in the virtual ward list, is the AI dedup broken again?"},
	{"hs-nhs-tabs", NHSNumber, "999\t924\t9019",
		"pasting straight from the audit spreadsheet:\nNHS\t999\t924\t9019\tED\tdischarged\tno AI flag"},
	{"hs-nhs-fullwidth", NHSNumber, "９９９６３２９８０１",
		"the letter PDF has the number in a funny font, ９９９６３２９８０１, and the scribe copied it into the summary as-is"},
	{"hs-nhs-zero-width", NHSNumber, "999\u200b589\u200b9159",
		"why does the note header say 999\u200b589\u200b9159 now? Thought we'd removed identifiers from the AI summary :thinking_face:"},
	{"hs-nhs-bullets", NHSNumber, "9991957367",
		"Handover list for the pilot audit:\n" +
			"• bed 4 – 9991957367 – awaiting CT :hospital:\n" +
			"• bed 6 – stable, for review\n" +
			"• bed 9 – discharge today"},
	// CHI numbers.
	{"hs-chi-spaced", CHINumber, "120356 9114",
		"Scottish colleague here :wave: CHI 120356 9114 came through on the cross-border referral and the bot echoed it back in its answer"},
	{"hs-chi-runtogether", CHINumber, "0304713090",
		"forwarding this from NHS Lothian: subject line was 'chi 0304713090 - AI triage result query', can we pull the email from the channel?"},
	{"hs-chi-code", CHINumber, "2908482118",
		"> for the Borders patient the triage score looked off\nlooking at it now, CHI is `2908482118` in the log line"},
	// Dates of birth.
	{"hs-dob-label-slash", DateOfBirth, "DOB 14/07/1945",
		"Can the bot summarise the clinic letter for Mrs Hale, DOB 14/07/1945, or is that not allowed? :sweat_smile:"},
	{"hs-dob-born-words", DateOfBirth, "born on the 3rd of April 1961",
		"_context:_ the gentleman was born on the 3rd of April 1961 and the tool triaged him as low risk despite the chest pain"},
	{"hs-dob-banner-code", DateOfBirth, "d.o.b. 12-Mar-1972",
		"the EPR banner in the screenshot text reads `d.o.b. 12-Mar-1972` and the scribe pulled it into the letter"},
	{"hs-dob-iso-thread", DateOfBirth, "date of birth: 1958-11-02",
		"Aisha Rahman  4:01 PM\nwhich record was it?\nTom Hughes  4:03 PM\nthe one with date of birth: 1958-11-02, on ward 5\nAisha Rahman  4:04 PM\nthanks"},
	{"hs-dob-bullet-sept", DateOfBirth, "DoB 7 Sept 1939",
		"Cases for Thursday's safety huddle:\n• 87F, DoB 7 Sept 1939, scribe recorded the wrong allergy\n• staffing on 6A"},
	{"hs-dob-quote", DateOfBirth, "Date of Birth 21/1/2003",
		"> Date of Birth 21/1/2003, referred via the online triage form\nthat's the one the chatbot sent to self-care, we need to look at it"},
	// Hospital numbers.
	{"hs-hosp-mrn", HospitalNumber, "MRN RJZ447109",
		"@Daniel Kowalski the scribe put MRN RJZ447109 in the letter footer instead of the clinic code, can we turn that field off?"},
	{"hs-hosp-no", HospitalNumber, "hospital no. K0345812",
		"chatbot escalated a query about hospital no. K0345812 to the wrong team :face_with_rolling_eyes: raised INC0458120"},
	{"hs-hosp-unit-number", HospitalNumber, "unit number 2049931",
		"The AI pathway flagged unit number 2049931 for a repeat scan, but radiology says it was already booked"},
	{"hs-hosp-pas-id", HospitalNumber, "PAS ID: HH4459021",
		"```\nERROR match failed PAS ID: HH4459021 episode=OP\n```\nanyone seen this from the triage integration?"},
	{"hs-hosp-case-note", HospitalNumber, "case note no B778213",
		"Tom Hughes  9:12 AM\ncan you find case note no B778213 for the audit?\nAisha Rahman  9:15 AM\non it"},
	// NI numbers.
	{"hs-ni-spaced", NINumber, "JG 10 37 59 A",
		"the welfare benefits chatbot asked the patient for their NI number and logged it: JG 10 37 59 A. That should never be stored!"},
	{"hs-ni-compact-bold", NINumber, "PN836217D",
		"*Incident:* scribe transcript contained NINO *PN836217D* read out by the patient's carer during the consult"},
	{"hs-ni-lowercase", NINumber, "nx 551092 b",
		"someone pasted 'national insurance nx 551092 b' into the Copilot chat for the fit note pilot :rotating_light:"},
	{"hs-ni-thread", NINumber, "TW 48 92 06 C",
		"Leah Finch  1:02 PM\nthe form asked for her NI no\nSam Okoro  1:04 PM\nand?\nLeah Finch  1:05 PM\nit's TW 48 92 06 C, she wants to know where it went"},
	// Phone numbers.
	{"hs-phone-mobile", Phone, "07931 552 804",
		"@Leah Finch the patient's daughter asked us to ring her on 07931 552 804 about setting up the app for her mum"},
	{"hs-phone-plus44", Phone, "+44 (0)7700 900 872",
		"the remote monitoring kit for the gentleman in bed 12 is registered to +44 (0)7700 900 872, his son's phone, is that allowed?"},
	{"hs-phone-leeds-landline", Phone, "(0113) 496 0721",
		"> she said call her at home on (0113) 496 0721 after 6pm\ncan the chatbot note things like that or should it refuse?"},
	{"hs-phone-bullet", Phone, "0161 496 0933",
		"Follow-ups from the virtual ward:\n• Mr Kaur, home number 0161 496 0933, kit not returned\n• Mrs Doyle, discharged"},
	{"hs-phone-runtogether", Phone, "07823416905",
		"patient left a voicemail on the pilot line asking for a call back on 07823416905 :telephone_receiver: who picks these up?"},
	// Personal email addresses.
	{"hs-email-gmail", Email, "jean.morris1954@gmail.com",
		"The patient wants the AI letter sent to jean.morris1954@gmail.com instead of by post, can the system do that?"},
	{"hs-email-hotmail-code", Email, "tomwhitby@hotmail.co.uk",
		"bounced message from the appointment bot: `550 unknown recipient tomwhitby@hotmail.co.uk` :email:"},
	{"hs-email-btinternet", Email, "k.adeyemi@btinternet.com",
		"Sam Okoro  5:20 PM\nthe carer's address is k.adeyemi@btinternet.com\nLeah Finch  5:22 PM\nok will add to the app invite"},
	{"hs-email-yahoo-quote", Email, "ruthie_p@yahoo.co.uk",
		"> please reply to ruthie_p@yahoo.co.uk, not the practice\nthis came in via the online consultation tool, is it safe to reply?"},
	// Postcodes next to a patient's name.
	{"hs-postcode-name-first", Postcode, "Mr Alan Pryce, LS6 4QR",
		"The AI summary put Mr Alan Pryce, LS6 4QR in the first line of the GP letter :rotating_light: how did the address get in?"},
	{"hs-postcode-patient", Postcode, "patient Joan Whitfield at BD7 2LP",
		"home visit booked by the scheduling tool for patient Joan Whitfield at BD7 2LP tomorrow, but she's in hospital"},
	{"hs-postcode-before-name", Postcode, "CF24 4HQ - Mrs Eleri Bowen",
		"the route optimiser export shows CF24 4HQ - Mrs Eleri Bowen as the first stop, then the surgery"},
	{"hs-postcode-thread", Postcode, "Kwame Mensah, SE15 5DQ",
		"Aisha Rahman  8:40 AM\nwho's first on the district nurse list?\nTom Hughes  8:42 AM\nKwame Mensah, SE15 5DQ, insulin at 9"},
}

var r9HiddenForms = []r9SecretForm{
	// One identifier inside one field.
	{"hf-nhs-summary-spaced", NHSNumber, []string{"999 390 6956"}, []Field{
		{Name: "title", Text: "Fracture AI missed a scaphoid fracture"},
		{Name: "summary", Text: "The AI read the wrist film for 999 390 6956 as normal; the radiologist caught the fracture two days later."},
		{Name: "lessons", Text: "Scaphoid views are a known weak spot; keep the clinical review for wrist injuries."},
		{Name: "tags", Text: "fracture-detection, missed-finding"},
		{Name: "organisation", Text: "An acute trust ED"},
		{Name: "contact", Text: "ED consultant, via Slack"},
	}},
	{"hf-nhs-lessons-runtogether", NHSNumber, []string{"9990613370"}, []Field{
		{Name: "title", Text: "Scribe letter sent to the wrong GP practice"},
		{Name: "summary", Text: "The scribe picked up the registered practice from an old record."},
		{Name: "lessons", Text: "Check the demographic source. In our case (9990613370) PDS had the new practice but the EPR cache did not."},
		{Name: "tags", Text: "ambient-voice, demographics"},
		{Name: "organisation", Text: "Outpatients, a London trust"},
		{Name: "contact", Text: "Anonymous"},
	}},
	{"hf-nhs-tags", NHSNumber, []string{"999 451 4415"}, []Field{
		{Name: "title", Text: "Virtual ward escalation worked as designed"},
		{Name: "summary", Text: "The risk score rose overnight and the nurse called within the hour; the patient was admitted early."},
		{Name: "lessons", Text: "Clear escalation rules are what make a risk score useful."},
		{Name: "tags", Text: "virtual-ward, escalation, 999 451 4415"},
		{Name: "organisation", Text: "Respiratory virtual ward"},
		{Name: "contact", Text: "Virtual ward matron"},
	}},
	{"hf-nhs-title-dashed", NHSNumber, []string{"999-800-6864"}, []Field{
		{Name: "title", Text: "Missed follow-up for 999-800-6864: what we changed"},
		{Name: "summary", Text: "The waiting list validation bot closed a pathway that was still open. A human check found it a week later."},
		{Name: "lessons", Text: "No automatic closure without a clinician's decision."},
		{Name: "tags", Text: "waiting-list, validation, incident"},
		{Name: "organisation", Text: "Elective recovery team"},
		{Name: "contact", Text: "Programme manager"},
	}},
	{"hf-nhs-organisation-dotted", NHSNumber, []string{"999.753.9168"}, []Field{
		{Name: "title", Text: "Auto-contouring error caught at physics check"},
		{Name: "summary", Text: "An organ-at-risk contour was shifted by one slice; the physics check caught it before planning."},
		{Name: "lessons", Text: "Never skip the independent physics check, whatever the vendor claims."},
		{Name: "tags", Text: "radiotherapy, auto-contouring, near-miss"},
		{Name: "organisation", Text: "Radiotherapy, case ref 999.753.9168"},
		{Name: "contact", Text: "Physics team lead"},
	}},
	{"hf-nhs-ocr-lessons", NHSNumber, []string{"999 3l6 8S80"}, []Field{
		{Name: "title", Text: "OCR of faxed referrals is not good enough for matching"},
		{Name: "summary", Text: "Our referral robot reads faxed referrals with OCR and matches them to the EPR."},
		{Name: "lessons", Text: "OCR swaps letters and digits: one referral came through as 999 3l6 8S80 and matched nobody, so it sat in a queue for nine days."},
		{Name: "tags", Text: "rpa, ocr, referrals"},
		{Name: "organisation", Text: "Referral management centre"},
		{Name: "contact", Text: "RPA lead"},
	}},
	{"hf-nhs-arabic-indic", NHSNumber, []string{"٩٩٩ ٥٢٤ ٢٤٠٠"}, []Field{
		{Name: "title", Text: "Translated referral forms and identifiers"},
		{Name: "summary", Text: "The Arabic-language self-referral form came back with the number written as ٩٩٩ ٥٢٤ ٢٤٠٠ and the matching step failed."},
		{Name: "lessons", Text: "Normalise digits from every script before matching."},
		{Name: "tags", Text: "translation, self-referral, data-quality"},
		{Name: "organisation", Text: "Talking therapies service"},
		{Name: "contact", Text: "Digital lead"},
	}},
	{"hf-nhs-contact-brackets", NHSNumber, []string{"[999-024-2194]"}, []Field{
		{Name: "title", Text: "Chatbot gave the wrong clinic address"},
		{Name: "summary", Text: "The outpatient chatbot gave the old clinic address after the service moved."},
		{Name: "lessons", Text: "Keep the chatbot's knowledge in the same place as the website's."},
		{Name: "tags", Text: "chatbot, outpatients"},
		{Name: "organisation", Text: "Outpatients, an acute trust"},
		{Name: "contact", Text: "Complaint came from the patient's family, ref [999-024-2194]; reply via PALS"},
	}},
	{"hf-nhs-line-break-lessons", NHSNumber, []string{"999 200\n0732"}, []Field{
		{Name: "title", Text: "Discharge summary draft copied an old medication list"},
		{Name: "summary", Text: "The LLM draft used a medication list from a previous admission."},
		{Name: "lessons", Text: "Example from the audit: patient 999 200\n0732, warfarin restarted in the draft although it had been stopped."},
		{Name: "tags", Text: "discharge, llm, medication-safety"},
		{Name: "organisation", Text: "Medical division"},
		{Name: "contact", Text: "CCIO office"},
	}},
	{"hf-chi-lessons", CHINumber, []string{"170562 0590"}, []Field{
		{Name: "title", Text: "Cross-border referrals from Scotland"},
		{Name: "summary", Text: "Our triage tool could not handle Scottish identifiers on cross-border referrals."},
		{Name: "lessons", Text: "The CHI came through as 170562 0590 and the tool rejected it as an invalid NHS number; we added a manual route."},
		{Name: "tags", Text: "cross-border, referrals, chi"},
		{Name: "organisation", Text: "A trust near the Scottish border"},
		{Name: "contact", Text: "Referral hub manager"},
	}},
	{"hf-dob-summary-born", DateOfBirth, []string{"born 23 June 1948"}, []Field{
		{Name: "title", Text: "Risk tool underestimated frailty"},
		{Name: "summary", Text: "A woman born 23 June 1948 was scored low risk by the model despite three falls this year."},
		{Name: "lessons", Text: "Falls were coded as free text, so the model never saw them."},
		{Name: "tags", Text: "frailty, risk-stratification"},
		{Name: "organisation", Text: "Community health services"},
		{Name: "contact", Text: "Frailty nurse lead"},
	}},
	{"hf-dob-lessons-label", DateOfBirth, []string{"DOB: 05/09/1967"}, []Field{
		{Name: "title", Text: "Scribe wrote the wrong age into the letter"},
		{Name: "summary", Text: "The scribe calculated age from the wrong field."},
		{Name: "lessons", Text: "The banner showed DOB: 05/09/1967 but the letter said 48 years old. Check derived fields in testing."},
		{Name: "tags", Text: "ambient-voice, testing"},
		{Name: "organisation", Text: "Cardiology outpatients"},
		{Name: "contact", Text: "Consultant cardiologist"},
	}},
	{"hf-dob-contact", DateOfBirth, []string{"date of birth 30.01.1982"}, []Field{
		{Name: "title", Text: "Patient story: using the MSK self-referral app"},
		{Name: "summary", Text: "A patient described the self-referral app as quicker than phoning, with exercises on the same day."},
		{Name: "lessons", Text: "Patient stories persuade boards more than charts."},
		{Name: "tags", Text: "msk, patient-story"},
		{Name: "organisation", Text: "MSK service"},
		{Name: "contact", Text: "The patient (date of birth 30.01.1982) is happy to talk to other services"},
	}},
	{"hf-hosp-lessons-mrn", HospitalNumber, []string{"MRN 00391827"}, []Field{
		{Name: "title", Text: "Duplicate records confused the deterioration model"},
		{Name: "summary", Text: "Two records for one patient split their observations, so the score never rose."},
		{Name: "lessons", Text: "Merge duplicates first: MRN 00391827 and its duplicate each held half the obs."},
		{Name: "tags", Text: "deterioration, data-quality"},
		{Name: "organisation", Text: "Acute medicine"},
		{Name: "contact", Text: "Clinical safety officer"},
	}},
	{"hf-hosp-title", HospitalNumber, []string{"hospital number RF2230871"}, []Field{
		{Name: "title", Text: "Scribe error for hospital number RF2230871"},
		{Name: "summary", Text: "The transcript attributed the relative's words to the patient."},
		{Name: "lessons", Text: "Speaker attribution needs a hazard of its own."},
		{Name: "tags", Text: "ambient-voice, hazard"},
		{Name: "organisation", Text: "Elderly care"},
		{Name: "contact", Text: "Ward manager"},
	}},
	{"hf-ni-lessons", NINumber, []string{"WL 73 50 18 B"}, []Field{
		{Name: "title", Text: "Benefits advice chatbot collected too much"},
		{Name: "summary", Text: "The welfare advice chatbot asked for more than it needed."},
		{Name: "lessons", Text: "It stored a National Insurance number (WL 73 50 18 B) in the transcript; we removed the question and purged the logs."},
		{Name: "tags", Text: "chatbot, data-minimisation"},
		{Name: "organisation", Text: "Social prescribing team"},
		{Name: "contact", Text: "Social prescribing lead"},
	}},
	{"hf-phone-contact-mobile", Phone, []string{"07456 218 903"}, []Field{
		{Name: "title", Text: "Remote monitoring: a family's view"},
		{Name: "summary", Text: "The family of a virtual ward patient found the kit easy and the calls reassuring."},
		{Name: "lessons", Text: "Involve families in the set-up visit."},
		{Name: "tags", Text: "virtual-ward, patient-experience"},
		{Name: "organisation", Text: "Virtual ward"},
		{Name: "contact", Text: "The patient's son is happy to speak to other teams: 07456 218 903"},
	}},
	{"hf-phone-summary-landline", Phone, []string{"01632 960 442"}, []Field{
		{Name: "title", Text: "Automated reminder calls annoyed a patient"},
		{Name: "summary", Text: "The bot called a patient at home on 01632 960 442 six times in one day because of a retry loop."},
		{Name: "lessons", Text: "Cap retries and test on staff phones first."},
		{Name: "tags", Text: "reminders, automation, incident"},
		{Name: "organisation", Text: "Outpatient booking centre"},
		{Name: "contact", Text: "Booking centre manager"},
	}},
	{"hf-email-contact", Email, []string{"margaret.olu62@outlook.com"}, []Field{
		{Name: "title", Text: "A patient co-designer's view of the pain diary app"},
		{Name: "summary", Text: "A patient who co-designed the app describes what made it usable."},
		{Name: "lessons", Text: "Pay co-designers and give them the final say on wording."},
		{Name: "tags", Text: "co-design, patient-engagement"},
		{Name: "organisation", Text: "Haematology"},
		{Name: "contact", Text: "Contact the patient directly at margaret.olu62@outlook.com"},
	}},
	{"hf-email-lessons", Email, []string{"d.fairweather@aol.co.uk"}, []Field{
		{Name: "title", Text: "Auto-emailed results went to the wrong person"},
		{Name: "summary", Text: "An automated results email used an out-of-date address."},
		{Name: "lessons", Text: "The results went to d.fairweather@aol.co.uk, an old address the patient no longer used; confirm contact details at every visit."},
		{Name: "tags", Text: "automation, incident, results"},
		{Name: "organisation", Text: "Pathology"},
		{Name: "contact", Text: "Pathology IT lead"},
	}},
	{"hf-postcode-name-same-field", Postcode, []string{"Mrs Gladys Ekwueme, NW10 7NS"}, []Field{
		{Name: "title", Text: "Route planning for district nurses"},
		{Name: "summary", Text: "The route optimiser sent the first visit to Mrs Gladys Ekwueme, NW10 7NS, at 7am, too early for insulin."},
		{Name: "lessons", Text: "Time windows matter as much as distance."},
		{Name: "tags", Text: "community, scheduling"},
		{Name: "organisation", Text: "District nursing"},
		{Name: "contact", Text: "Team leader"},
	}},
	// An identifier split across two fields: the start ends one, the rest starts another.
	{"hf-split-title-summary", NHSNumber, []string{"999 649", "0548"}, []Field{
		{Name: "title", Text: "Scribe mixed up two patients in clinic: NHS 999 649"},
		{Name: "summary", Text: "0548 was the patient whose history appeared in another letter; we paused the pilot for a week."},
		{Name: "lessons", Text: "Start a fresh session for every patient and make that the default."},
		{Name: "tags", Text: "ambient-voice, incident"},
		{Name: "organisation", Text: "Outpatients"},
		{Name: "contact", Text: "CSO"},
	}},
	{"hf-split-summary-lessons-dashed", NHSNumber, []string{"999-278-", "4210"}, []Field{
		{Name: "title", Text: "False reassurance from an AI read"},
		{Name: "summary", Text: "The AI marked a chest film normal; later CT showed a mass. Patient 999-278-"},
		{Name: "lessons", Text: "4210 was recalled within a week. Never let the AI result close a pathway."},
		{Name: "tags", Text: "chest-xray, safety"},
		{Name: "organisation", Text: "Radiology"},
		{Name: "contact", Text: "Radiology safety lead"},
	}},
	{"hf-split-lessons-tags", NHSNumber, []string{"9992869", "240"}, []Field{
		{Name: "title", Text: "Sepsis alert fired too late"},
		{Name: "summary", Text: "The deterioration alert fired after the clinical team had already escalated."},
		{Name: "lessons", Text: "Lactate was not in the feed; add it before go-live. Case reviewed: 9992869"},
		{Name: "tags", Text: "240, deterioration, sepsis"},
		{Name: "organisation", Text: "Acute medicine"},
		{Name: "contact", Text: "Outreach team lead"},
	}},
	{"hf-split-tags-organisation", NHSNumber, []string{"999 997", "5100"}, []Field{
		{Name: "title", Text: "Auto-booking double-booked a clinic slot"},
		{Name: "summary", Text: "Two patients were given the same slot after a timezone bug."},
		{Name: "lessons", Text: "Test around the clock change."},
		{Name: "tags", Text: "scheduling, bug, 999 997"},
		{Name: "organisation", Text: "5100 ophthalmology outpatients, an acute trust"},
		{Name: "contact", Text: "Outpatient manager"},
	}},
	{"hf-split-organisation-contact-brackets", NHSNumber, []string{"(999 482", "2128)"}, []Field{
		{Name: "title", Text: "Scribe recorded a phone call as a consultation"},
		{Name: "summary", Text: "A phone call to a relative was transcribed into the wrong record."},
		{Name: "lessons", Text: "Stop recording between patients, every time."},
		{Name: "tags", Text: "ambient-voice, incident"},
		{Name: "organisation", Text: "General practice, affected record (999 482"},
		{Name: "contact", Text: "2128) practice manager"},
	}},
	{"hf-split-chi-summary-lessons", CHINumber, []string{"CHI 251283", "7017"}, []Field{
		{Name: "title", Text: "Triage tool and Scottish patients"},
		{Name: "summary", Text: "A student registered in Scotland used our online triage; the form rejected CHI 251283"},
		{Name: "lessons", Text: "7017 as invalid. Accept CHI and H&C numbers too."},
		{Name: "tags", Text: "triage, cross-border"},
		{Name: "organisation", Text: "University practice"},
		{Name: "contact", Text: "Practice manager"},
	}},
	{"hf-split-phone-organisation-contact", Phone, []string{"07700", "900 461"}, []Field{
		{Name: "title", Text: "Virtual ward kit returns"},
		{Name: "summary", Text: "Kit returns were the biggest cost we had not planned for."},
		{Name: "lessons", Text: "Book the courier at discharge."},
		{Name: "tags", Text: "virtual-ward, logistics"},
		{Name: "organisation", Text: "Virtual ward; the patient who still has kit is on 07700"},
		{Name: "contact", Text: "900 461 (his wife answers)"},
	}},
	{"hf-split-ni-title-summary", NINumber, []string{"HL 48 11", "07 A"}, []Field{
		{Name: "title", Text: "Chatbot stored an NI number: HL 48 11"},
		{Name: "summary", Text: "07 A was typed by a patient into the free-text box; we now mask such patterns before storage."},
		{Name: "lessons", Text: "Free-text boxes collect everything. Screen them."},
		{Name: "tags", Text: "chatbot, data-minimisation"},
		{Name: "organisation", Text: "Primary care"},
		{Name: "contact", Text: "IG lead"},
	}},
	{"hf-split-reverse-contact-title", NHSNumber, []string{"NHS no. 999 303", "2778"}, []Field{
		{Name: "title", Text: "2778: the case that made us stop the chest X-ray pilot"},
		{Name: "summary", Text: "A false negative on a GP-referred chest X-ray led to a delayed cancer referral."},
		{Name: "lessons", Text: "Agree stop criteria before go-live."},
		{Name: "tags", Text: "chest-xray, abandoned"},
		{Name: "organisation", Text: "Radiology"},
		{Name: "contact", Text: "Radiology lead; incident details for NHS no. 999 303"},
	}},
	{"hf-split-reverse-lessons-summary", NHSNumber, []string{"999 988", "6124"}, []Field{
		{Name: "title", Text: "Online triage sent chest pain to self-care"},
		{Name: "summary", Text: "6124 was the last digits group we could see in the screenshot; the full record shows the form routed chest pain to self-care."},
		{Name: "lessons", Text: "Red-flag symptoms must always go to a clinician. Screenshot from the case 999 988"},
		{Name: "tags", Text: "triage, red-flags"},
		{Name: "organisation", Text: "A GP practice"},
		{Name: "contact", Text: "GP partner"},
	}},
	{"hf-split-reverse-organisation-tags-dotted", NHSNumber, []string{"999.879.", "4811"}, []Field{
		{Name: "title", Text: "Echo AI measurement outlier"},
		{Name: "summary", Text: "The AI reported an ejection fraction of 80% on a poor-quality scan."},
		{Name: "lessons", Text: "Show image quality next to every AI value."},
		{Name: "tags", Text: "4811, echo, image-quality"},
		{Name: "organisation", Text: "Cardiac physiology, study 999.879."},
		{Name: "contact", Text: "Lead physiologist"},
	}},
	{"hf-split-reverse-tags-lessons", NHSNumber, []string{"999099", "6849"}, []Field{
		{Name: "title", Text: "Pathology AI flagged the wrong slide"},
		{Name: "summary", Text: "A slide label mix-up meant the AI result attached to the wrong case."},
		{Name: "lessons", Text: "6849 was the affected case. Barcode every slide."},
		{Name: "tags", Text: "digital-pathology, labelling, 999099"},
		{Name: "organisation", Text: "Cellular pathology"},
		{Name: "contact", Text: "Lab manager"},
	}},
	{"hf-split-reverse-phone-contact-summary", Phone, []string{"0161 496", "0357"}, []Field{
		{Name: "title", Text: "Telephone follow-up after day surgery"},
		{Name: "summary", Text: "0357 is the home number of the patient who asked not to get automated calls again; we took her off the list."},
		{Name: "lessons", Text: "Offer an opt-out in the first call."},
		{Name: "tags", Text: "day-surgery, follow-up"},
		{Name: "organisation", Text: "Day surgery unit"},
		{Name: "contact", Text: "Day surgery sister; patient's landline 0161 496"},
	}},
	{"hf-split-reverse-chi-lessons-summary", CHINumber, []string{"CHI 140666", "0779"}, []Field{
		{Name: "title", Text: "Scottish records in an English virtual ward"},
		{Name: "summary", Text: "0779 belongs to a man on holiday from Scotland who joined our virtual ward."},
		{Name: "lessons", Text: "PDS lookups fail for Scottish patients; we used CHI 140666"},
		{Name: "tags", Text: "virtual-ward, cross-border"},
		{Name: "organisation", Text: "Virtual ward"},
		{Name: "contact", Text: "Matron"},
	}},
	{"hf-split-email-summary-lessons", Email, []string{"p.okonjo77@", "gmail.com"}, []Field{
		{Name: "title", Text: "Patient asked for AI summaries by email"},
		{Name: "summary", Text: "A patient asked for her scribe summaries to be emailed to p.okonjo77@"},
		{Name: "lessons", Text: "gmail.com, which our policy does not allow; we use the NHS App instead."},
		{Name: "tags", Text: "patient-access, email"},
		{Name: "organisation", Text: "Outpatients"},
		{Name: "contact", Text: "Patient access lead"},
	}},
	{"hf-split-reverse-contact-organisation-dashed", NHSNumber, []string{"999-888-", "1986"}, []Field{
		{Name: "title", Text: "Auto-coding added a diagnosis that was ruled out"},
		{Name: "summary", Text: "The coding assistant coded 'query PE' as PE."},
		{Name: "lessons", Text: "Negation and uncertainty need their own test set."},
		{Name: "tags", Text: "clinical-coding, negation"},
		{Name: "organisation", Text: "1986 episode, clinical coding department"},
		{Name: "contact", Text: "Coding manager; record 999-888-"},
	}},
	// A patient's name in one field and their postcode or date of birth in another.
	{"hf-name-title-postcode-summary", Postcode, []string{"Mr Tomasz Wojcik", "LN2 5QY"}, []Field{
		{Name: "title", Text: "Remote monitoring kit not returned by Mr Tomasz Wojcik"},
		{Name: "summary", Text: "LN2 5QY was the address on the kit label; the courier could not collect it for 6 weeks."},
		{Name: "lessons", Text: "Collect kit at the last visit."},
		{Name: "tags", Text: "virtual-ward, logistics"},
		{Name: "organisation", Text: "Virtual ward"},
		{Name: "contact", Text: "Virtual ward coordinator"},
	}},
	{"hf-name-lessons-postcode-tags", Postcode, []string{"Mrs Beatrice Achterberg", "PE30 4ET"}, []Field{
		{Name: "title", Text: "Falls sensor false alarms"},
		{Name: "summary", Text: "Bed sensors raised many false alarms in the first month."},
		{Name: "lessons", Text: "Calibrate sensors in the home, as happened with Mrs Beatrice Achterberg"},
		{Name: "tags", Text: "PE30 4ET, falls, sensors"},
		{Name: "organisation", Text: "Community falls team"},
		{Name: "contact", Text: "Falls lead"},
	}},
	{"hf-name-contact-postcode-summary", Postcode, []string{"Patient: Daniel Ferreira-Lopes", "TR1 3LJ"}, []Field{
		{Name: "title", Text: "Online triage and rural patients"},
		{Name: "summary", Text: "TR1 3LJ, more than an hour from the nearest UTC, and the tool still suggested attending in person."},
		{Name: "lessons", Text: "Triage rules should know about travel time."},
		{Name: "tags", Text: "triage, rural"},
		{Name: "organisation", Text: "A practice in Cornwall"},
		{Name: "contact", Text: "Practice manager. Patient: Daniel Ferreira-Lopes"},
	}},
	{"hf-name-organisation-postcode-contact", Postcode, []string{"Mrs Priti Desai", "LE4 6FR"}, []Field{
		{Name: "title", Text: "Hospital at home: first month"},
		{Name: "summary", Text: "Eight patients treated at home with remote monitoring; no readmissions."},
		{Name: "lessons", Text: "Pharmacy deliveries need their own slot."},
		{Name: "tags", Text: "hospital-at-home, remote-monitoring"},
		{Name: "organisation", Text: "Hospital at home team, first visit at the home of Mrs Priti Desai,"},
		{Name: "contact", Text: "LE4 6FR, ring the team before visiting"},
	}},
	{"hf-name-summary-postcode-lessons", Postcode, []string{"the patient, Gwen Roberts.", "SA1 8EN"}, []Field{
		{Name: "title", Text: "Catchment rules in the self-referral chatbot"},
		{Name: "summary", Text: "The chatbot accepted a self-referral from outside our area from the patient, Gwen Roberts."},
		{Name: "lessons", Text: "SA1 8EN is outside our catchment, so the referral bounced after two weeks. Check catchment at the start."},
		{Name: "tags", Text: "self-referral, chatbot"},
		{Name: "organisation", Text: "Talking therapies"},
		{Name: "contact", Text: "Service manager"},
	}},
	{"hf-name-contact-dob-summary", DateOfBirth, []string{"Patient: Mr Ray Cullen", "(born 14 March 1949)"}, []Field{
		{Name: "title", Text: "Frailty score missed a recent fall"},
		{Name: "summary", Text: "(born 14 March 1949) had two falls recorded only in free text, so the risk tool missed them."},
		{Name: "lessons", Text: "Code falls, do not just write them."},
		{Name: "tags", Text: "frailty, falls"},
		{Name: "organisation", Text: "Community frailty team"},
		{Name: "contact", Text: "Frailty nurse. Patient: Mr Ray Cullen"},
	}},
	{"hf-name-title-dob-summary", DateOfBirth, []string{"Mrs Agnes Okafor", "DOB 02-Feb-1951"}, []Field{
		{Name: "title", Text: "Letter simplification changed a diagnosis for Mrs Agnes Okafor"},
		{Name: "summary", Text: "DOB 02-Feb-1951; the plain-English letter said 'heart failure' where the original said 'no evidence of heart failure'."},
		{Name: "lessons", Text: "Negations are a top hazard for any rewriting tool."},
		{Name: "tags", Text: "letters, llm, negation"},
		{Name: "organisation", Text: "Cardiology"},
		{Name: "contact", Text: "Consultant cardiologist"},
	}},
	{"hf-name-organisation-dob-contact", DateOfBirth, []string{"PRYCE, Ada", "Born: 14-Mar-1949"}, []Field{
		{Name: "title", Text: "Banner copied into the AI summary"},
		{Name: "summary", Text: "The summariser copied the patient banner into the summary text."},
		{Name: "lessons", Text: "Strip banners before summarising."},
		{Name: "tags", Text: "summarisation, llm"},
		{Name: "organisation", Text: "Ward 10, banner read PRYCE, Ada"},
		{Name: "contact", Text: "Born: 14-Mar-1949 (76y), ward manager has the rest"},
	}},
}

// r9SameKind reports whether a finding of kind got answers a case that
// expects want; NHS and CHI numbers share a format and may stand in for each
// other.
func r9SameKind(want, got Kind) bool {
	if want == got {
		return true
	}
	nhsLike := func(k Kind) bool { return k == NHSNumber || k == CHINumber }
	return nhsLike(want) && nhsLike(got)
}

// r9Digits reads the digits a person would read in s: digits of any script,
// and the letters OCR puts in their place (O for 0, l and I for 1, S for 5,
// B for 8) when they touch a digit. It checks this file's own NHS and CHI numbers, not the screen.
func r9Digits(s string) string {
	var b strings.Builder
	rs := []rune(s)
	nearDigit := func(i int) bool {
		return (i > 0 && unicode.IsDigit(rs[i-1])) || (i+1 < len(rs) && unicode.IsDigit(rs[i+1]))
	}
	for i, r := range rs {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + (r - '٠'))
		case r == 'O' && nearDigit(i):
			b.WriteRune('0')
		case (r == 'l' || r == 'I') && nearDigit(i):
			b.WriteRune('1')
		case r == 'S' && nearDigit(i):
			b.WriteRune('5')
		case r == 'B' && nearDigit(i):
			b.WriteRune('8')
		}
	}
	return b.String()
}

// r9LineAt returns the whole line(s) of text around bytes [start, end).
func r9LineAt(text string, start, end int) string {
	if start < 0 {
		start = 0
	}
	if end > len(text) {
		end = len(text)
	}
	if end < start {
		end = start
	}
	from := strings.LastIndexByte(text[:start], '\n') + 1
	to := len(text)
	if i := strings.IndexByte(text[end:], '\n'); i >= 0 {
		to = end + i
	}
	return text[from:to]
}

// r9LineOf returns the line(s) of text holding piece.
func r9LineOf(text, piece string) string {
	i := strings.Index(text, piece)
	if i < 0 {
		return text
	}
	return r9LineAt(text, i, i+len(piece))
}

func r9FormBytes(fields []Field) int {
	n := 0
	for _, f := range fields {
		n += len(f.Text)
	}
	return n
}

func r9CheckSize(t *testing.T, name string, n int) {
	t.Helper()
	if n < 40 || n > 1500 {
		t.Fatalf("case %s is %d bytes, outside 40..1500 (the case is wrong, not the screen)", name, n)
	}
}

func r9CheckNames(t *testing.T, names []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Fatalf("case name %s is used twice", n)
		}
		seen[n] = true
	}
}

func TestReview9Ordinary(t *testing.T) {
	if len(r9OrdinarySlack) != 80 || len(r9OrdinaryForms) != 80 {
		t.Fatalf("want 80 Slack texts and 80 forms, have %d and %d", len(r9OrdinarySlack), len(r9OrdinaryForms))
	}
	var names []string
	for _, c := range r9OrdinarySlack {
		r9CheckSize(t, c.name, len(c.text))
		names = append(names, c.name)
	}
	for _, c := range r9OrdinaryForms {
		r9CheckSize(t, c.name, r9FormBytes(c.fields))
		names = append(names, c.name)
	}
	r9CheckNames(t, names)

	s := New(DefaultAllowList())
	refused := 0
	for _, c := range r9OrdinarySlack {
		fs := s.Find(c.text)
		if len(fs) == 0 {
			continue
		}
		refused++
		for _, f := range fs {
			t.Errorf("ORDINARY REFUSED %s [slack] kind=%s line=%q", c.name, f.Kind, r9LineAt(c.text, f.Start, f.End))
		}
	}
	for _, c := range r9OrdinaryForms {
		ff, found := s.ScreenFields(c.fields)
		if !found {
			continue
		}
		refused++
		alone := false
		for _, fld := range c.fields {
			for _, f := range s.Find(fld.Text) {
				alone = true
				t.Errorf("ORDINARY REFUSED %s [form field %s] kind=%s line=%q", c.name, fld.Name, f.Kind, r9LineAt(fld.Text, f.Start, f.End))
			}
		}
		if !alone {
			var texts []string
			for _, name := range ff.Fields {
				for _, fld := range c.fields {
					if fld.Name == name {
						texts = append(texts, name+"="+fld.Text)
					}
				}
			}
			t.Errorf("ORDINARY REFUSED %s [form, fields together %v] kind=%s lines=%q", c.name, ff.Fields, ff.Kind, texts)
		}
	}
	t.Logf("review 9: ordinary texts refused %d/160", refused)
}

func TestReview9Hidden(t *testing.T) {
	if len(r9HiddenSlack) != 45 || len(r9HiddenForms) != 45 {
		t.Fatalf("want 45 Slack texts and 45 forms, have %d and %d", len(r9HiddenSlack), len(r9HiddenForms))
	}
	var names []string
	for _, c := range r9HiddenSlack {
		r9CheckSize(t, c.name, len(c.text))
		names = append(names, c.name)
		if !strings.Contains(c.text, c.id) {
			t.Fatalf("case %s: its identifier is not in its text", c.name)
		}
		if (c.kind == NHSNumber || c.kind == CHINumber) && !ValidNHSNumber(r9Digits(c.id)) {
			t.Fatalf("case %s: its number fails modulus 11 (the case is wrong)", c.name)
		}
	}
	for _, c := range r9HiddenForms {
		r9CheckSize(t, c.name, r9FormBytes(c.fields))
		names = append(names, c.name)
		for _, p := range c.parts {
			in := false
			for _, fld := range c.fields {
				in = in || strings.Contains(fld.Text, p)
			}
			if !in {
				t.Fatalf("case %s: part %q is in no field", c.name, p)
			}
		}
		if (c.kind == NHSNumber || c.kind == CHINumber) && !ValidNHSNumber(r9Digits(strings.Join(c.parts, ""))) {
			t.Fatalf("case %s: its number fails modulus 11 (the case is wrong)", c.name)
		}
	}
	r9CheckNames(t, names)

	s := New(DefaultAllowList())
	missed := 0
	for _, c := range r9HiddenSlack {
		fs := s.Find(c.text)
		ok := false
		var kinds []Kind
		for _, f := range fs {
			kinds = append(kinds, f.Kind)
			ok = ok || r9SameKind(c.kind, f.Kind)
		}
		if !ok {
			missed++
			t.Errorf("HIDDEN MISSED %s [slack] want=%s found=%v line=%q", c.name, c.kind, kinds, r9LineOf(c.text, c.id))
		}
	}
	for _, c := range r9HiddenForms {
		ff, found := s.ScreenFields(c.fields)
		if found && r9SameKind(c.kind, ff.Kind) {
			continue
		}
		missed++
		var where []string
		for _, p := range c.parts {
			for _, fld := range c.fields {
				if strings.Contains(fld.Text, p) {
					where = append(where, fld.Name+": "+r9LineOf(fld.Text, p))
					break
				}
			}
		}
		got := Kind("")
		if found {
			got = ff.Kind
		}
		t.Errorf("HIDDEN MISSED %s [form] want=%s found=%q lines=%q", c.name, c.kind, got, where)
	}
	t.Logf("review 9: hidden identifiers missed %d/90", missed)
}
