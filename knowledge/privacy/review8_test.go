// Review 8: an outside review of the privacy screen, on text pasted from other systems
// and devices (spreadsheets, screenshots/OCR, forwarded email, clinical-system copy-paste,
// mobile typing).
//
// Written 2026-12-07 (UTC) by an outside reviewer working only from the package's public
// API (go doc), DESIGN.md's privacy-screen section and notes section 4; no code, other
// tests or testdata of knowledge/ were read.
// Ran on commit 5b386ac0c9e36c5c9b67cac0b7461638f63c739b.
//
// First score (the single run, no case changed after it):
//   ordinary texts refused:     0/160
//   hidden identifiers missed:  7/90
//     nhs-ocr-l-for-1, nhs-ocr-l-and-o, nhs-ocr-b-for-8, nhs-ocr-mixed-swaps (NHS numbers
//     with OCR letter swaps), dob-mobile-run-together ("dob12/06/57"), hosp-tsv-mrn-column
//     (MRN label in a header row), postcode-tsv-column (postcode in the column next to a
//     name).
//
// All pass now (screen version 2026-12-07.10; TestReview8Rules holds each
// fix's edges): letters recognised for digits (l and I for 1, B and S for 8
// and 5 between digits, and a three-character word with one digit next to
// a group of three digits), a date typed straight after "dob", a heading
// with a digit ("NEWS2") between a hospital-number label and its code,
// and first names of older patients and short forms ("Beryl", "Dave"),
// whose absence left "Beryl Hatch" beside her postcode unread.
//
// Hidden NHS numbers are in the test range (999 ...) and CHI numbers are invented; each was
// checked with ValidNHSNumber (letters read back as digits) before the run. Ordinary texts
// were checked beforehand for accidental modulus-11-valid ten-digit runs across separators.

package privacy

import (
	"strings"
	"testing"
)

type review8Case struct {
	name string
	text string
}

type review8HiddenCase struct {
	name   string
	kind   Kind
	needle string // the identifier as written in text, to name the line on a miss
	text   string
}

// review8Ordinary: text pasted from other systems and devices that must pass.
var review8Ordinary = []review8Case{
	// --- 1. Spreadsheet pastes ---
	{"sheet-pilot-sites-tsv", "Trust\tODS\tPilot\tGo-live\tUsers\nRoyal Free London\tRAL\tAmbient scribe\t03/02/2025\t1,240\nBarts Health\tR1H\tChest X-ray triage\t17/03/2025\t312\nKing's College Hospital\tRJZ\tDischarge summaries\t01/04/2025\t86\n"},
	{"sheet-costs-csv-noheader", "Ambient voice licences,£48,500,2025/26,Revenue\nDTAC assessment support,£6,200,2025/26,Revenue\nGPU server (on-prem),£31,750,2025/26,Capital\nTraining backfill,£12,000,2025/26,Revenue"},
	{"sheet-dna-rates", "Month\tAppointments\tDNAs\tDNA rate\nApr-24\t18,402\t1,288\t7.0%\nMay-24\t19,117\t1,203\t6.3%\nJun-24\t17,864\t1,021\t5.7%\n(AI reminder pilot started 10 June)"},
	{"sheet-ods-practices-csv", "ODS code,Practice,PCN,List size,Live on triage tool\nF83004,Grafton Medical Partners,Camden Central,\"11,204\",Yes\nF83019,Kentish Town Health Centre,Camden Central,\"9,870\",Yes\nF83655,Primrose Hill Surgery,Camden North,\"6,115\",No (wave 2)"},
	{"sheet-cohort-age-bands", "Age band\tEligible\tInvited\tUptake\n18-39\t4,210\t3,950\t41%\n40-64\t6,882\t6,501\t58%\n65-79\t3,117\t3,020\t72%\n80+\t1,045\t998\t66%"},
	{"sheet-budget-variance", "Cost centre\tBudget\tActual\tVariance\n7401 Digital\t250,000\t231,480\t-18,520\n7402 Clinical Safety\t40,000\t44,100\t4,100\n7403 Evaluation\t35,000\t29,950\t-5,050"},
	{"sheet-ticket-export", "Ticket,Opened,Category,Status\nINC0048213,02/05/2025 09:14,Copilot licence,Resolved\nINC0048377,02/05/2025 11:02,Access request,Open\nRITM0019925,06/05/2025 15:40,New AI tool request,Awaiting IG"},
	{"sheet-rtt-by-specialty", "Specialty\tRTT waiting\t>52 wks\t% <18 wks\nDermatology\t6,310\t212\t61.4%\nOphthalmology\t9,874\t88\t70.2%\nTrauma & Orthopaedics\t12,555\t1,030\t48.9%"},
	{"sheet-model-metrics", "Model\tSensitivity\tSpecificity\tPPV\tNPV\tn\nv2.3.1\t0.912\t0.874\t0.41\t0.989\t2,418\nv2.4.0\t0.931\t0.866\t0.38\t0.992\t2,418"},
	{"sheet-survey-likert-csv", "Question,Strongly agree,Agree,Neutral,Disagree,Strongly disagree\nThe scribe saved me time,41,63,18,7,2\nI trust the draft notes,22,58,34,15,2\nI would recommend it,38,61,20,9,3"},
	{"sheet-ncl-trusts-noheader", "RAL\tRoyal Free London NHS Foundation Trust\tNorth Central London\nRRV\tUniversity College London Hospitals NHS FT\tNorth Central London\nRKE\tWhittington Health NHS Trust\tNorth Central London\nRAP\tNorth Middlesex University Hospital NHS Trust\tNorth Central London"},
	{"sheet-purchase-order", "PO number\tSupplier\tDescription\tNet\tVAT\tGross\n4500218834\tCliniScribe Ltd\tAnnual subscription (450 seats)\t£54,000.00\t£10,800.00\t£64,800.00"},
	{"sheet-training-completion", "Team\tStaff\tCompleted AI awareness\t%\nED nursing\t142\t97\t68%\nRadiology\t88\t80\t91%\nOutpatients admin\t61\t59\t97%\nPharmacy\t37\t33\t89%"},
	{"sheet-hours-saved-weekly", "Week commencing,Clinicians,Notes drafted,Mins saved per note,Hours saved\n06/01/2025,14,1 212,3.5,70.7\n13/01/2025,15,1 340,3.8,84.9\n20/01/2025,15,1 298,4.1,88.7"},
	{"sheet-incident-counts", "Category\tQ1\tQ2\tQ3\tQ4\nAI output incorrect\t3\t5\t2\t1\nSystem unavailable\t7\t4\t6\t3\nIG concern\t1\t0\t2\t0\nNear miss (caught at review)\t9\t6\t4\t4"},
	{"sheet-dtac-scores-csv", "Supplier,Clinical safety,Data protection,Technical security,Interoperability,Usability,Overall\nVendor A,Pass,Pass,Pass,Partial,Good,Conditional\nVendor B,Pass,Fail,Pass,Pass,Fair,Not approved\nVendor C,Pass,Pass,Partial,Pass,Good,Conditional"},
	{"sheet-bed-days-scenarios", "Scenario\tAdmissions avoided\tBed days saved\tCost avoided\nLow\t120\t540\t£189,000\nCentral\t210\t945\t£330,750\nHigh\t300\t1,350\t£472,500"},
	{"sheet-pivot-referrals", "Row Labels\tCount of Referral ID\tAverage of Days to triage\nAdvice and guidance\t1,884\t2.1\nRoutine\t3,402\t6.8\nUrgent\t611\t0.9\nGrand Total\t5,897\t4.9"},
	{"sheet-ics-policy-share", "ICS,Trusts with AI policy,Trusts with DPIA template,Share\nNCL,5,4,80%\nNEL,7,5,71%\nNWL,9,6,67%\nSEL,6,6,100%\nSWL,6,3,50%"},
	{"sheet-training-sessions", "Date\tSession\tFacilitator\tRoom\nTue 14/10/2025\tAI literacy for admin staff\tDigital Academy\tSeminar Room 2\nThu 16/10/2025\tPrompting safely with Copilot\tIG team\tOnline (Teams)\nTue 21/10/2025\tEvaluating pilots\tInnovation team\tLecture Theatre B"},
	{"sheet-app-versions-csv", "Application,Version,Host,Last patched\nSpeech engine,11.4.2.1087,APPSRV-21,2025-09-30\nTriage API,3.18.0,APPSRV-22,2025-10-02\nRedis,7.2.5,CACHE-01,2025-08-14"},
	{"sheet-kpi-rag", "KPI\tTarget\tSep\tOct\tRAG\nNotes signed within 24h\t95%\t93.1%\t96.4%\tGreen\nScribe uptake (active users)\t300\t212\t268\tAmber\nClinician satisfaction (1-5)\t4.0\t4.2\t4.3\tGreen"},
	{"sheet-confusion-matrix", ",Predicted positive,Predicted negative\nActual positive,412,38\nActual negative,\"1,106\",\"8,444\"\n(fracture AI, retrospective set, Jan-Mar 2025)"},
	{"sheet-sms-costs-by-practice", "Practice (ODS)\tSMS fragments\tCost @ 2.3p\nY03654\t41,220\t£948.06\nF84717\t18,905\t£434.82\nE85063\t27,340\t£628.82"},
	{"sheet-ai-register", "Ref\tTool\tOwner\tRisk class\tDPIA\tDCB0160\tStatus\nAIR-001\tChest X-ray triage\tRadiology\tIIa\tSigned 12/02/2025\tSafety case v1.2\tLive\nAIR-002\tAmbient scribe (OP)\tCCIO office\tI\tIn progress\tHazard log drafted\tPilot\nAIR-003\tSepsis early warning\tDeteriorating patient group\tIIb\tNot started\tNot started\tProposed"},
	{"sheet-three-year-finance", "Line,2023/24,2024/25,2025/26 (plan)\nPay,£1.2m,£1.4m,£1.5m\nNon-pay,£340k,£410k,£380k\nIncome (NHSE grant),£500k,£250k,£0\nNet cost,£1.04m,£1.56m,£1.88m"},
	{"sheet-quoted-benchmark", "\"Trust\",\"Tool\",\"Reported time saved\",\"Evidence\"\n\"Trust A\",\"Ambient scribe\",\"2 mins per consult\",\"Anecdotal\"\n\"Trust B\",\"Ambient scribe\",\"16% shorter consults\",\"Service evaluation\"\n\"Trust C\",\"Letter drafting\",\"not measured\",\"Anecdotal\""},
	{"sheet-api-telemetry", "date,requests,p50_ms,p95_ms,errors\n2025-11-03,18344,412,1290,12\n2025-11-04,19021,398,1244,9\n2025-11-05,18876,405,1302,14"},
	{"sheet-workstream-leads", "Name\tRole\tOrganisation\tWorkstream\nDr Farah Quadri\tCCIO\tNorth Middlesex\tClinical safety\nTom Achterberg\tHead of IG\tWhittington Health\tDPIA\nAmaka Eze\tAI lead\tNCL ICB\tEvaluation\nBen Lowther\tProgramme manager\tRoyal Free\tPMO"},
	{"sheet-cost-per-case", "Pathway\tCases\tCost per case (before)\tCost per case (after)\tSaving\nDermatology A&G\t2,140\t£87.20\t£61.05\t30.0%\nMSK triage\t3,918\t£42.10\t£35.60\t15.4%\nCardiology A&G\t1,207\t£95.00\t£88.35\t7.0%"},
	{"sheet-wave-plan-noheader", "Wave 1\tOct-25\t4 practices\t38,400 registered population\nWave 2\tJan-26\t9 practices\t91,700 registered population\nWave 3\tApr-26\t15 practices\t162,300 registered population"},
	{"sheet-ed-attendances-hourly", "Hour\tMon\tTue\tWed\tThu\tFri\n08:00\t21\t19\t23\t18\t20\n12:00\t34\t31\t36\t29\t33\n18:00\t27\t25\t30\t24\t31\n(mean arrivals, Sep 2025, used to size the triage bot)"},

	// --- 2. Screenshots and OCR ---
	{"ocr-slide-title", "Lessons  from  our  Ambient  Scribe  Pi lot\n— 6 month review —\nGo-live: O3/O2/2O25   Sites : 4   Clinicians : 1l2"},
	{"ocr-dtac-poster", "DTAC  CHECKLIST  (v 1.0)\n1 . Clinical safety  ✓\n2 . Data protection  ✓\n3 . Technical security  ~\n4 . lnteroperability  ✗\n5 . Usability & accessibility  ✓"},
	{"ocr-broken-backlog-line", "We reduced the report-\ning backlog from 4,2OO to\n  under 3OO studies in\n8 weeks ( see slide l4 )"},
	{"ocr-pipe-table", "Site | Go live | Users\nSite A | Jan 2O25 | 4l\nSite B | Mar 2O25 | l8\nSite C | Jun 2O25 | 63"},
	{"ocr-error-dialog", "Error 5O3 : Service Unavailable\nThe scribe service is temporarily unavai lable. Please try again later.\nRef: 7f3a-92c1-4be8"},
	{"ocr-whiteboard-ideas", "IDEAS WALL -\n* auto - code discharge letters ?\n* Al for DNA prediction\n* chatbot for staff FAQs ( HR )\n* rota optimisation ??"},
	{"ocr-conference-badge", "NHS ConfedExpo 2025\nManchester Central · 11–12 June\nSPEAKER\nDigital Transformation Lead\nTheatre 3 · Session 2B"},
	{"ocr-guidance-hyphenated", "3.2 The deploying organisation must ap-\npoint a Clinical Safety Officer (CSO)\nwho is a registered clinician. See DCB 0160\nsection 2 . 4 for details ."},
	{"ocr-chart-caption", "Fig 3. Time to first report (hours)\nBaseline : 38.6  |  Month 1 : 3l.2  |  Month 3 : 22.9  |  Month 6 : l9.4"},
	{"ocr-conference-invoice", "INVOICE  No. 2O25-0412\nDelegate places x 3 ...... £ 1,l97.OO\nVAT 2O% ...... £ 239.4O\nTOTAL ...... £ l,436.4O\nPayment terms : 30 days"},
	{"ocr-email-screenshot-header", "From:  Digital  Programme  Office\nSent :  Mon 3 Nov 2O25  O9:l5\nSubject :  AI  steering  group  -  papers\nPlease find attached the papers for Thursday ."},
	{"ocr-sticky-note-111", "ring 111 if out of hours - not the scribe team!! and 999 only for emergencies obvs"},
	{"ocr-spaced-metrics", "Accuracy 9 4 . 2 %   Recall 8 8 . l %   F1 0 . 9 l   ( test set , n = 6OO )"},
	{"ocr-poster-ig-helpline", "Need IG advice?\nCall  0300  123  7O45  (Mon - Fri)\nor use the IG request form on the intranet"},
	{"ocr-slide-footer", "Slide 12 of 40 | OFFICIAL | Version O.9 draft | Do not circulate beyond the AI steering group"},
	{"ocr-letter-spaced-title", "A I   i n   R a d i o l o g y :   w h a t   w e   l e a r n t   i n   y e a r   o n e"},
	{"ocr-handwritten-agenda", "Agenda  l. Welcome  2. Pilot upd ates  3. DPIA sign -off  4. AOB\nNext mtg : 2l/ll/2O25  (Boardroom)"},
	{"ocr-roadmap", "Q1  procure ment\nQ2  DTAC  +  DPIA\nQ3  pilot  (2  sites)\nQ4  evaluate  /  scale ?\n- - - - - - - -"},
	{"ocr-linkedin-post", "Proud to share that our AI discharge summary pilot has gone live across 3 wards!! #NHS #AI #DigitalHealth\n...see more\n214 reactions · 37 comments"},
	{"ocr-config-screenshot", "max_tokens = 8l92\ntemperature = O.2\nretention_days = 3O\nlog_prompts = false\nregion = uksouth"},
	{"ocr-broken-stat", "Of 1,9O4 letters drafted, 1,7\n12 were signed without edits (9O%).\nMedian edit time 48 s."},
	{"ocr-certificate", "CERTIFICATE  OF  COMPLETION\nThis is to certify that the holder completed\nAI  for  Healthcare  Leaders  (Module 3)\nAwarded  l4  October  2O25"},
	{"ocr-vendor-pricing", "Pricing  ( indicative )\n• Per seat / month : £ 35\n• Min term : 24 months\n• Implementation : £ 12 , 5OO one - off"},
	{"ocr-room-sign", "Innovation Hub – Level 3, Block B\nOpen Mon–Fri 08:00–18:00\nAI drop-in clinic every Wednesday 12–2pm"},
	{"ocr-handling-time", "Average handling time\n4 m 12 s → 2 m 5O s\n( -32 % )  after the call-summary tool went live"},
	{"ocr-bar-chart", "0   50   100   150   200\n|----|----|----|----|\nED  ████████ 168\nOP  █████ 104\nTheatres  ██ 41"},
	{"ocr-icb-letterhead", "North Central London Integrated Care Board\n2nd Floor, 250 Euston Road\nLondon NW1 2PG\nwww.nclhealthandcare.org.uk"},
	{"ocr-commit-screenshot", "commit 4e1b9c2 — bump model to v2.4.0 (#118)\nAuthor: ci-bot\nDate: Tue Oct 14 10:22:31 2025 +0100\n\n    pin tokenizer, add refusal metrics"},
	{"ocr-ods-misread", "Practices in wave 2: F83OO4, F83O12, Y0l234, F83655 (4 sites, go-live after half term)"},
	{"ocr-blank-form-template", "Referral form – v3.1 (TEMPLATE)\nPatient name: ______  NHS No: ______  DOB: __/__/____\nReason for referral: ______\n(blank template only – we are redesigning it, no data)"},
	{"ocr-event-agenda", "09:30 Registration\n10:00 Keynote – NHS AI Lab\n11:15 Panel: scaling pilots beyond one site\n12:30 Lunch\n13:30 Workshops"},
	{"ocr-stray-punctuation", "~~ Pilot outcome : MIXED ~~ ; ; time saved yes / cash released no ;; staff keen ! ! ! board unsure ? ?"},

	// --- 3. Forwarded email threads ---
	{"email-fwd-dtac-question", `From: Okafor Adaeze (ROYAL FREE LONDON NHS FOUNDATION TRUST)
Sent: 03 November 2025 14:22
To: AI Community of Practice
Subject: FW: DTAC re-assessment after a major release?

Hi all, forwarding below in case anyone has been through this. Our supplier has moved
from v2 to v3 of their scribe. Do we need a fresh DTAC or just a change note?

Many thanks
Adaeze`},
	{"email-signature-cio", `Thanks, happy to talk it through at the next CoP call.

Marcus Bellingham
Chief Information Officer
Whittington Health NHS Trust
Switchboard: 0300 555 1234
Working days: Mon-Thu`},
	{"email-nhsmail-disclaimer", `********************************************************************
This message may contain confidential information. If you are not the intended recipient
please inform the sender that you have received the message in error before deleting it.
Please do not disclose, copy or distribute information in this e-mail or take any action
in relation to its contents. NHSmail is the secure email and directory service available
for all NHS staff in England and Scotland.
********************************************************************`},
	{"email-role-mailbox-aiteam", `From: NHS England AI Team
Sent: Tuesday, 14 October 2025 10:05
Subject: AI Knowledge Repository - new case studies

Please send case studies for the repository to england.aiteam@nhs.net using the template
attached. We publish new entries on the first Monday of each month.`},
	{"email-chain-dpia-signoff", `RE: RE: FW: Ambient scribe DPIA v0.7

> From: Achterberg Tom (WHITTINGTON HEALTH NHS TRUST)
> Sent: 28 October 2025 09:12
> Happy with section 6 now. Caldicott Guardian to sign on Thursday.

>> From: Quadri Farah (NORTH MIDDLESEX UNIVERSITY HOSPITAL NHS TRUST)
>> Sent: 24 October 2025 16:40
>> Updated retention to 30 days and added the supplier's sub-processor list.`},
	{"email-external-banner", `CAUTION: This email originated from outside of the organisation. Do not click links or
open attachments unless you recognise the sender and know the content is safe.

Dear colleague, thank you for attending our webinar on AI-assisted coding. The recording
and slides are now available on our website.`},
	{"email-teams-invite", `________________________________________________________________________________
Microsoft Teams meeting
Join on your computer, mobile app or room device
Click here to join the meeting
Meeting ID: 374 512 986 203
Passcode: Xk3pQ9
________________________________________________________________________________
AI steering group – monthly. Papers to follow.`},
	{"email-out-of-office", `Automatic reply: AI pilot evaluation framework

I am on annual leave until Monday 17 November with no access to email. For urgent IT
issues please contact the Service Desk on 0300 555 0199; for information governance
queries please use the IG team's shared mailbox.`},
	{"email-supplier-footer", `Kind regards,
Customer Success Team
CliniScribe Ltd
Registered in England and Wales, company no. 08123456. VAT reg. GB 283 4471 09.
Registered office: 4th Floor, 1 Example Yard, Leeds.`},
	{"email-sent-from-iphone", `Yes we went live on two wards on 6 October, about 40 nurses using it daily. Will share
the evaluation plan once it has been through the steering group.

Sent from my iPhone`},
	{"email-nhs111-reference", `Subject: Chatbot wording for out-of-hours

The symptom checker should always signpost NHS 111 (online or by phone) and tell people
to call 999 in an emergency. Comms have approved the wording below, please don't edit it.`},
	{"email-teams-chat-copy", `[10:14] Lowther Ben
can we move the pilot board to the 20th?
[10:15] Eze Amaka
fine by me, I'll update the invite
[10:17] Lowther Ben
👍 thanks`},
	{"email-newsletter", `NHS England » AI and Digital Regulations Service - October update

In this issue: new guidance on ambient voice technology, a refreshed DTAC form, and case
studies from three trusts. Read online | Unsubscribe | Manage your preferences`},
	{"email-ico-registration", `Our data protection registration is with the ICO under registration ZA123456. The DPO has
confirmed the supplier is also registered and holds Cyber Essentials Plus (certificate
issued 12 August 2025).`},
	{"email-consultant-signature-gmc", `Best wishes

Dr Hannah Whitcombe
Consultant Radiologist and Clinical Lead for Imaging AI
GMC 7012345
Imaging Department, Level 2`},
	{"email-nurse-signature-nmc", `Thanks all,
Grace Oyelaran RN
Lead Nurse, Digital Nursing
NMC PIN 09A1234E
Pronouns: she/her`},
	{"email-trust-switchboard", `Please note our new main switchboard number is 0300 123 8888 from 1 December 2025. The
old 020 number will redirect for six months. Our ODS code (RKE) is unchanged.`},
	{"email-registered-office", `Whittington Health NHS Trust, Magdala Avenue, London N19 5NF. Registered office address
for correspondence about contracts and procurement. Invoices should quote the PO number.`},
	{"email-reply-to-inbox", `Please reply to the programme inbox (digital.programme@nhs.net) rather than to me, so the
whole team sees it. We aim to answer within five working days.`},
	{"email-foi-reference", `Our ref: IG/2025/0431
FOI ref: 2025-1187

Thank you for your request of 2 October 2025 about the use of artificial intelligence in
the Trust. Please find our response below.`},
	{"email-quoted-thread", `> Has anyone compared ambient scribe vendors on accuracy for strong regional accents?
>
> We saw word error rates jump from 6% to 14% in our Glasgow clinic.

We did a small test in Newcastle, similar pattern. Happy to share the method.`},
	{"email-mailing-list-footer", `You are receiving this because you joined the London AI Community of Practice mailing
list. To leave the list, reply with UNSUBSCRIBE in the subject line.
Community of Practice | c/o Health Innovation Network`},
	{"email-calendar-timezone", `When: Thursday, 20 November 2025 14:00-15:30 (UTC+00:00) Dublin, Edinburgh, Lisbon, London.
Where: Microsoft Teams Meeting
Agenda: pilot updates, evaluation framework, AOB`},
	{"email-cyber-alert", `FW: NHS Cyber Alert CC-4512 - critical vulnerability in a speech recognition component

Our supplier confirms their product is not affected. Patch level 11.4.2.1087 already in place.`},
	{"email-attendee-list", `Attendees: Adaeze Okafor (Royal Free), Tom Achterberg (Whittington), Farah Quadri (North
Mid), Ben Lowther (Royal Free), Amaka Eze (NCL ICB)
Apologies: Marcus Bellingham`},
	{"email-extension-bleep", `If the scribe app freezes during clinic, call IT on ext. 44512 or bleep 2231 out of hours;
do not reinstall it yourselves.`},
	{"email-subject-no-pid", `Subject: FW: Patient safety incident learning (no PID) - scribe misheard a drug dose

Summary attached as agreed, fully anonymised and reviewed by the patient safety team.`},
	{"email-signature-teams-only", `Amaka Eze | AI Lead | NHS North Central London ICB
Contact me on Teams – I don't use my desk phone
Working pattern: Tue–Fri`},
	{"email-dpo-mailbox", `For any DPIA questions please contact our Data Protection Officer at dpo@whittington.nhs.uk
or the information governance team via the intranet request form.`},
	{"email-venue-details", `Venue: Education Centre, St Thomas' Hospital, Westminster Bridge Road, London SE1 7EH.
Nearest station: Waterloo. Lunch provided. Please bring a laptop for the workshop.`},
	{"email-vendor-followup", `Following our demo on 23/10, please find the pricing schedule attached. We can offer a 3 month
free pilot for up to 50 users. Quote ref Q-2025-00871 valid for 60 days.`},
	{"email-board-paper-header", `Trust Board – Part 1 (Public)
Date of meeting: 27 November 2025
Agenda item: 9.2
Report title: Artificial Intelligence Strategy 2025-2028
Executive lead: Chief Digital Information Officer`},

	// --- 4. Non-patient system text ---
	{"sys-audit-log", "2025-11-04T09:12:44Z INFO user=svc-scribe action=model.load version=2.4.0 duration_ms=812\n2025-11-04T09:12:45Z INFO user=svc-scribe action=health.ok"},
	{"sys-emis-report-header", "EMIS Web – Population Reporting\nReport: Patients with HbA1c > 58 (last 12m)\nPopulation count: 1,284 of 11,902 (10.8%)\nRun date: 04-Nov-2025 08:00  Run by: Practice Manager"},
	{"sys-systmone-org-prefs", "SystmOne – Organisation preferences\nOrganisation: Camden Health Partners (F83004)\nSMS provider: enabled\nOnline consultation integration: enabled (v2.1)\nLast changed: 12 Sep 2025"},
	{"sys-cerner-change-request", "Cerner Millennium change request CR-004512\nTitle: Add ambient note template to PowerChart\nEnvironment: BUILD > CERT > PROD\nStatus: CAB approved 05/11/2025"},
	{"sys-hl7-msh-only", "MSH|^~\\&|SCRIBE|RAL|EPR|RAL|20251104091244||ORU^R01|MSG00001|P|2.4\nEVN|R01|20251104091244\n(header segments only, from the interface spec)"},
	{"sys-fhir-capability", `{"resourceType":"CapabilityStatement","status":"active","date":"2025-10-01","fhirVersion":"4.0.1","format":["json"],"rest":[{"mode":"server"}]}`},
	{"sys-yaml-config", "redis_url: redis://cache:6379/0\nllm_timeout: 10s\nmodel: gpt-4o-mini\nretention_days: 30\nlog_prompts: false"},
	{"sys-kubectl-output", "NAME                         READY   STATUS    RESTARTS   AGE\nscribe-api-7c9f8d6b5-x2kqv   1/1     Running   0          3d4h\nscribe-worker-5d8f7-kq2lp    1/1     Running   2          3d4h"},
	{"sys-syslog-ssh", "Nov  4 09:12:44 appsrv21 sshd[21876]: Accepted publickey for deploy from 10.142.8.17 port 52144 ssh2"},
	{"sys-powerbi-header", "AI Programme Benefits Dashboard | Data as at 31/10/2025 | Source: ESR, Datix, scribe telemetry | OFFICIAL-SENSITIVE: COMMERCIAL"},
	{"sys-epic-release-note", "Epic November 2025 release notes (excerpt): ambient documentation now writes to the Progress Note activity; SmartText AISCRIBE updated; no change to In Basket routing."},
	{"sys-slack-audit-csv", "timestamp,user,action,record\n2025-11-02T10:01:12Z,U80049652,approve,pilot-cxr-ai-stopped\n2025-11-02T10:03:40Z,U80049652,reject,guidance-dtac-draft"},
	{"sys-windows-event", "Log Name: Security\nSource: Microsoft-Windows-Security-Auditing\nEvent ID: 4624\nTask Category: Logon\nLevel: Information\nComputer: APPSRV21.trust.local"},
	{"sys-stack-trace", "java.lang.NullPointerException: transcript was null\n\tat uk.nhs.scribe.Pipeline.run(Pipeline.java:212)\n\tat uk.nhs.scribe.Worker.process(Worker.java:88)"},
	{"sys-cron-purge", "# purge drafts nightly\n0 2 * * * /opt/scribe/bin/purge --older-than 30d >> /var/log/scribe/purge.log 2>&1"},
	{"sys-jira-ticket", "AIPILOT-412: DPIA actions from IG review (due 28/11/2025)\nAssignee: IG Lead  Priority: High  Sprint: AI-2025-22"},
	{"sys-servicenow-change", "CHG0031245 – Standard change – Deploy scribe v2.4.0 to production – Window 06/11/2025 20:00–22:00 – Risk: Low"},
	{"sys-dspt-confirmation", "DSPT 2024-25 submission: Standards Met. Organisation code RAL. Published 27/06/2025. Next submission due 30/06/2026."},
	{"sys-snomed-codes", "SNOMED CT concepts used by the triage model: 22298006 Myocardial infarction; 38341003 Hypertensive disorder; 195967001 Asthma; 44054006 Type 2 diabetes"},
	{"sys-icd10-mapping", "ICD-10 mapping check: E11.9 -> 44054006; I10 -> 38341003; J45.9 -> 195967001 (all matched in v2025.2)"},
	{"sys-emis-protocol-audit", "Protocol 'Sepsis screening' last edited 14/08/2025 by Clinical System Lead. Version 7. Triggers: 3. Active in 12 practices."},
	{"sys-pseudonymised-extract", "pseudo_id,age_band,sex,lsoa_2021,imd_decile,attendance_date\nP-0000193,65-69,F,E01000907,3,2025-06-14\nP-0000211,40-44,M,E01000953,5,2025-06-14"},
	{"sys-data-dictionary", "Field: NHS_NUMBER   Type: n10   Notes: removed before export to the evaluation partner\nField: ATTEND_DATE  Type: date  Notes: kept\nField: TRIAGE_CAT   Type: an2   Notes: kept"},
	{"sys-report-footer", "Page 1 of 12 | Printed 04/11/2025 09:58 | Report ID RPT-00441 | Generated by Qlik Sense"},
	{"sys-licence-key", "Licence activated for site NCL-ICB-01. Key 7F3K-Q9LP-2XZM-88RD. Seats: 250. Expires 31/03/2026."},
	{"sys-network-config", "VLAN 2210, subnet 10.88.14.0/24, gateway 10.88.14.1, DNS 10.88.0.53 – scribe appliances only"},
	{"sys-json-request-log", `{"ts":"2025-11-04T09:15:02Z","request_id":"3f2b9c10-4d7e-4a21-9b3e-0c6d71e2a4f8","route":"/v1/draft","status":200,"latency_ms":842}`},
	{"sys-emis-session-template", "EMIS Appointments – session template 'GP AM': 08:30–12:00, 10 min slots x 21, 2 slots embargoed for e-consult follow-up"},
	{"sys-prometheus-metrics", "kbbot_refusals_total{kind=\"nhs_number\"} 14\nkbbot_questions_total 2318\nkbbot_llm_latency_seconds_bucket{le=\"2.5\"} 1904"},
	{"sys-epic-build-note", "SmartPhrase .AISCRIBEDISCLAIMER created in PRD 11/2025 (build record 1044521). Owner: Clinical Informatics. Review yearly."},
	{"sys-downtime-notice", "Scheduled downtime: PowerChart will be unavailable Sun 09/11/2025 02:00–04:00. Use downtime procedures; call the service desk on 0300 555 0112 for help."},
	{"sys-sql-query", "SELECT practice_ods, COUNT(*) AS n FROM triage_requests WHERE created_at >= '2025-10-01' GROUP BY practice_ods ORDER BY n DESC;"},

	// --- 5. Mobile typing ---
	{"mob-paeds-scribe", "anyone tried the ambient scribe in paeds outpatients we r thinking of piloting in jan"},
	{"mob-dtac-new-version", "hi all quick q does dtac need redoing when the supplier releases a new version or just on major changes"},
	{"mob-dpia-signed", "sorry typing on phone but our dpia got signed off today after 4 months!!! happy to share template"},
	{"mob-autocorrect-officer", "autocorrect strikes again, 'clinical safety offer' obvs means officer lol. we need a cso for the dcb0160 bit"},
	{"mob-run-together", "aiscribepilotwentlivetodayonward7 fingers crossed nobody breaks it before the evaluation"},
	{"mob-repository-link", "can someone send me the link to the nhse ai knowledge repository its moved again"},
	{"mob-quotes", "got 3 quotes 12k 18k and 25k per yr for the triage tool which seems v diff any benchmarks"},
	{"mob-0300-number", "whats the 0300 number for the nhs england ig helpline does anyone know"},
	{"mob-list-size", "our gp practice list is about 14000 pts and the ai triage takes 300 requests a day is that normal"},
	{"mob-room-change", "meeting moved to thurs 2pm room 3.14 not 2.10 sorry for the confusion"},
	{"mob-thanks-slides", "ty for the slides yesterday really useful esp the bit on stop criteria"},
	{"mob-copilot-complaints", "is copilot ok for drafting complaint responses if we strip everything identifiable first"},
	{"mob-ducking-autocorrect", "lol ducking autocorrect i meant DPIA not DIPIA and definitely not DIPPER"},
	{"mob-pilot-week6", "pilot update wk6 uptake 62pc clinicians like it admin less so integration w emis still flaky"},
	{"mob-stop-criteria", "anyone got a decent stop criteria template we abandoned cxr ai after 3 months false positives thru the roof"},
	{"mob-chatgpt-rota", "can we use chatgpt for rota planning if no names go in asking for a friend (the friend is me)"},
	{"mob-on-train", "on train signal bad will dial in via teams at 10 pls start without me"},
	{"mob-ccio-says-no", "our ccio says no to gpt4 on personal phones fair enough tbh"},
	{"mob-111-script", "ring 111 for out of hours is in the script the chatbot gives is that safe to hardcode"},
	{"mob-mhra-class", "does the mhra class 1 thing apply if the scribe only transcribes and doesnt summarise"},
	{"mob-job-advert", "ai lead job at uclh closes 21 nov band 8b fyi worth a look"},
	{"mob-0800-helpline", "used the 0800 helpline for the digital skills fund they were great 0800 030 6024"},
	{"mob-typo-year", "typo sorry meant 2024/25 not 2042/25 in my last msg"},
	{"mob-before-after", "tbh the evaluation was a before after with n=48 clinicians so not exactly an rct"},
	{"mob-nhs-number-column", "anyone know if the nhs number column needs to be removed before sending to the university or is pseudonymised ok"},
	{"mob-incidents", "we had 2 incidents both no harm both about wrong gender in the draft letter supplier fixed in v2.4"},
	{"mob-whatsapp", "hiya does the ai cop have a whatsapp grp or is it just slack"},
	{"mob-confed-booth", "ill be at confed booth 23 on the tues come say hi if ur around"},
	{"mob-costing", "costed at 1.2 wte band 7 for 12 months plus backfill"},
	{"mob-mrn-not-sent", "the mrn isnt sent to the llm just the free text note we checked with the dpo"},
	{"mob-no-punctuation-question", "how long did ur dtac take ours has been 5 months and counting is that normal or are we doing something wrong"},
	{"mob-voice-dictation", "Hi everyone full stop has anyone used the new ICB template for AI business cases question mark"},
}

// review8Hidden: the same kinds of paste, each hiding exactly one patient identifier.
var review8Hidden = []review8HiddenCase{
	// --- NHS numbers (test range, modulus 11 checked) ---
	{"nhs-emis-banner-spaced", NHSNumber, "999 356 2300", "EMIS Web\nHARGREAVES, Dennis (Mr)   80y   Male\nNHS Number 999 356 2300   Usual GP Dr Shah\nregistered: Grafton Medical Partners\nsorry wrong window pasted!!"},
	{"nhs-dashed-in-email", NHSNumber, "999-123-8360", `From: Lowther Ben (ROYAL FREE LONDON NHS FOUNDATION TRUST)
Sent: 05 November 2025 11:40
Subject: RE: scribe draft went to the wrong record?

Can someone check whether the draft for 999-123-8360 was filed against the right episode?
The clinician thinks the scribe merged two consultations.`},
	{"nhs-dotted-ocr", NHSNumber, "999.077.7675", "Scan of referral (p1)\nNHS No . 999.077.7675\nReason: ?AI triage miscategorised as routine\nRefer to MSK"},
	{"nhs-run-together-csv", NHSNumber, "9999361730", "request_id,nhs_number,category,triage_outcome\nTR-20931,9999361730,MSK,routine\n(just one row from the export, is this the format the supplier wants?)"},
	{"nhs-split-line-break", NHSNumber, "999 141\n1690", "Copied from the discharge summary that the AI drafted, it has the wrong GP practice. Patient NHS 999 141\n1690 - can IT fix the mapping?"},
	{"nhs-ocr-l-for-1", NHSNumber, "999 6l0 53l8", "OCR output from the scanned letter:\nNHS  No:  999 6l0 53l8\nClinic : Dermatology  Date of letter : 14/10/2025\nIs the OCR accurate enough to auto-file these?"},
	{"nhs-tsv-row", NHSNumber, "999 783 9293", "Ward\tBed\tNHS No\tNEWS2\tAlert\nAMU\t12\t999 783 9293\t6\tEscalated\n(this is what the early warning export looks like, how do we pilot without it?)"},
	{"nhs-ocr-l-and-o", NHSNumber, "999 l8O 7322", "scanned label reads\nNHS No  999 l8O 7322\nSpecimen: FBC, U&E\ncan the AI read these labels reliably?"},
	{"nhs-brackets", NHSNumber, "(999) 979 7482", "Pasting the line the bot got wrong: Pt ID (999) 979 7482 - triaged as P4 when the GP wanted P2. Supplier ticket raised."},
	{"nhs-4-3-3-grouping", NHSNumber, "9995 622 912", "Spine lookup failed for 9995 622 912 when the scribe tried to pull the summary care record, error SCR-404 each time"},
	{"nhs-ocr-b-for-8", NHSNumber, "999 855 7B95", "OCR from a faxed referral: NHS no 999 855 7B95 (B should be 8). The tool misread it and matched nobody."},
	{"nhs-slashes", NHSNumber, "999/342/5842", "Case ref from the incident form: 999/342/5842 - the ambient note recorded the wrong allergy. Datix to follow."},
	{"nhs-double-spaces", NHSNumber, "999  818  8350", "SystmOne patient home\nNHS  number:  999  818  8350\nAge 67  Female  Registered GMS\n(screenshot text, sorry)"},
	{"nhs-single-spaced-digits", NHSNumber, "9 9 9 3 0 4 5 3 4 9", "OCR spaced every digit on the label: 9 9 9 3 0 4 5 3 4 9 — is there a setting to stop that?"},
	{"nhs-cerner-banner", NHSNumber, "999 064 6465", "PowerChart banner\nFELTON, Ruth   Age: 72 years   Sex: Female   NHS: 999 064 6465   Location: Ward 9   Allergies: Penicillin"},
	{"nhs-excel-thousands", NHSNumber, "9,992,612,037", "Excel turned the column into numbers with commas: 9,992,612,037 in the first row. How do we stop that before the upload to the pilot?"},
	{"nhs-split-7-3", NHSNumber, "9992410\n655", "the number wrapped in the teams message: 9992410\n655 is the one the supplier needs to look up for the audit trail"},
	{"nhs-hash-label", NHSNumber, "999-296-3263", "Epic Storyboard copy: NHS#: 999-296-3263 | Attending: Dr Kaur | Enc: Outpatient | Dept: Respiratory"},
	{"nhs-mobile-run-together", NHSNumber, "9999766196", "quick one can the scribe team check nhs no 9999766196 her letter didnt go to the gp"},
	{"nhs-ocr-mixed-swaps", NHSNumber, "999 l4l Ol12", "from the photo of the wristband: 999 l4l Ol12 - the camera app struggles with the thermal print"},
	{"nhs-stray-dots", NHSNumber, "999 . 885 . 2870", "OCR text   NHS No :  999 . 885 . 2870   ;;  Ward :  Elm   ;;  printed  06/11/2025"},
	{"nhs-fwd-email", NHSNumber, "999 569 1450", `---------- Forwarded message ---------
From: Radiology Reporting Team
Date: Thu, 6 Nov 2025 at 08:51
Subject: AI flag not reviewed

The fracture AI flagged NHS no. 999 569 1450 on Tuesday but nobody opened the worklist item.`},
	{"nhs-zero-width-spaces", NHSNumber, "999\u200b550\u200b7307", "copied from the web portal: 999\u200b550\u200b7307 - the portal puts hidden characters between the groups"},
	{"nhs-hl7-pid", NHSNumber, "9996711390", "Interface error log:\nPID|1||9996711390^^^NHS^NH||\nERR|segment PID missing required field PID-5\n(can the AI interface team look at this?)"},
	{"nhs-ocr-broken-line-indent", NHSNumber, "999 377\n  2615", "Scanned GP letter, page 2 (OCR):\nRe: your patient, NHS No. 999 377\n  2615, seen in the AI-supported\nskin lesion clinic"},
	{"nhs-systmone-summary", NHSNumber, "999 197 2781", "Summary (SystmOne)\nNHS number: 999 197 2781\nProblems: Asthma, Hypertension\nMedication: 3 repeat items\nLast review: 02 Oct 2025"},
	{"nhs-mobile-num-label", NHSNumber, "999 179 6576", "pt nhs num 999 179 6576 cant find on spine is the bot using the old pds api"},

	// --- CHI numbers ---
	{"chi-trakcare-banner", CHINumber, "120361 4845", "TrakCare\nCHI: 120361 4845   Mr ANGUS MCRAE   Ward 4B   Consultant: Dr Baird\n(Scottish colleagues: is this what your scribe sees?)"},
	{"chi-label-no", CHINumber, "041148 5334", "Paste from the NHS Lothian referral: CHI No 041148 5334, routed by the AI triage to the wrong clinic"},
	{"chi-run-together-tsv", CHINumber, "2907533983", "CHI\tClinic\tSlot\n2907533983\tDiabetes\t10:20\n(first line only, testing whether the scheduler bot can read our export)"},
	{"chi-ocr-spaced", CHINumber, "180139 3575", "OCR of label:  C H I   180139 3575   Ward 7   Spec: Resp  -  the OCR is getting the digits right at least"},
	{"chi-mobile", CHINumber, "0709721161", "chi 0709721161 letter went to wrong gp can someone in the glasgow pilot check"},

	// --- Dates of birth ---
	{"dob-emis-banner-born", DateOfBirth, "Born 14-Jul-1945", "MARLOWE, Kenneth (Mr)\nBorn 14-Jul-1945   Gender Male\nUsual GP: Dr A Shah   Registered: GMS\n^ sorry pasted the banner by mistake, meant to paste the error"},
	{"dob-systmone-label", DateOfBirth, "DOB: 03 Apr 1961", "Ms Priya VANCE-HOLT  DOB: 03 Apr 1961  F\nActive problems: T2DM\n(this is what the AI summary looked like before we turned it off)"},
	{"dob-mobile-born", DateOfBirth, "born 3rd april 61", "lady born 3rd april 61 came in w chest pain and the triage bot said routine is that a known issue"},
	{"dob-email-label", DateOfBirth, "Date of birth: 22/09/1978", `From: Outpatient Bookings
Sent: 29 October 2025 13:05
Subject: FW: chatbot booking failed

Patient reports the chatbot could not find her booking.
Date of birth: 22/09/1978
Clinic: Ophthalmology`},
	{"dob-tsv-header-column", DateOfBirth, "11/02/1936", "Name\tDOB\tWard\tBed\nArthur Penhaligon\t11/02/1936\tWard 7\t14\n(the handover sheet the scribe pilot would replace)"},
	{"dob-ocr-spaced", DateOfBirth, "D.O.B.  :  09 / 11 / 1952", "Scanned letter (OCR)\nD.O.B.  :  09 / 11 / 1952\nClinic  :  Memory  clinic\nOutcome  :  AI  summary  sent  to  GP"},
	{"dob-epic-with-age", DateOfBirth, "DOB: 17/01/1950", "Epic header: Sex: M  DOB: 17/01/1950  Age: 75 y.o.  PCP: Dr Fenwick  - the note in the AI pane was for this patient, not the one open"},
	{"dob-cerner-uppercase", DateOfBirth, "DOB:19-MAR-1983", "PowerChart | WILKES, Daniel | DOB:19-MAR-1983 | Location: ED Majors | FIN: encounter open"},
	{"dob-json-export", DateOfBirth, `"date_of_birth":"1944-12-02"`, `{"source":"triage-bot","patient":{"given":"Edna","family":"Rowley","date_of_birth":"1944-12-02"},"outcome":"urgent"}`},
	{"dob-mobile-run-together", DateOfBirth, "dob12/06/57", "pt dob12/06/57 says the ai phone line hung up on her twice can someone check the logs"},
	{"dob-email-born-on", DateOfBirth, "born on the 5th of November 1949", `Dear colleagues,

The gentleman in question was born on the 5th of November 1949 and the AI letter listed
him as 57 years old, which prompted the complaint. We are reviewing the date handling.`},
	{"dob-dotted", DateOfBirth, "DoB 4.6.1971", "Screenshot text: Name on referral Mrs J Okonjo, DoB 4.6.1971, referred via the AI triage portal on Monday"},
	{"dob-label-line-above", DateOfBirth, "Date of Birth\n23 August 1966", "Copied from the PDF form (the OCR put the label and value on two lines):\nDate of Birth\n23 August 1966\nReferrer: Practice nurse"},
	{"dob-referral-letter", DateOfBirth, "born 02/02/1940", "Re: Mr Gordon Fairweather, born 02/02/1940\nThank you for referring this gentleman via the AI-assisted e-RS triage. He was seen today."},

	// --- Hospital numbers ---
	{"hosp-no-label", HospitalNumber, "Hosp No: K1238841", "Discharge letter header (copied):\nHosp No: K1238841   Ward: Cedar   Consultant: Mr Patel\nThe AI summary left out the anticoagulation plan."},
	{"hosp-mrn-cerner", HospitalNumber, "MRN: 40218876", "PowerChart banner | JONES, Alwyn | MRN: 40218876 | Age 58 | Bay 3 - this is where the AI note was filed in error"},
	{"hosp-mrn-epic-10", HospitalNumber, "MRN: 3008841275", "Epic says MRN: 3008841275 for the encounter where the ambient scribe picked up the wrong speaker"},
	{"hosp-unit-no", HospitalNumber, "Unit No. 0917735", "TrakCare label: Unit No. 0917735  Ward 12  - scanned into the AI coding tool, which rejected it"},
	{"hosp-mobile-lowercase", HospitalNumber, "hosp no rf1234567", "can u check hosp no rf1234567 the scribe note is on the wrong episode"},
	{"hosp-tsv-mrn-column", HospitalNumber, "M4412093", "MRN\tWard\tBed\tNEWS2\nM4412093\tAMU\t12\t7\n(row from the deterioration AI output, should this be in the pilot report?)"},
	{"hosp-ocr-hosp-no", HospitalNumber, "Hosp. No :  Kl2O9834", "OCR of the wristband photo\nHosp. No :  Kl2O9834\nWard :  Maple\n( the OCR swaps letters and digits a lot )"},
	{"hosp-pas-id", HospitalNumber, "PAS ID: P0041178", "PAS ID: P0041178 is duplicated after the AI merge job ran last night, can the data quality team look?"},
	{"hosp-case-note-no", HospitalNumber, "Case note no: A123456", "From the clinic letter: Case note no: A123456, clinic code DERM2. The AI letter drafter put the wrong clinic code."},
	{"hosp-local-patient-id", HospitalNumber, "Local patient ID: LPI2209184", "Interface log: Local patient ID: LPI2209184 not found in the master patient index (scribe upload rejected)"},

	// --- National Insurance numbers ---
	{"ni-label-spaced", NINumber, "JK 43 21 87 B", "Copied from the PIP form the patient brought in:\nNI No: JK 43 21 87 B\nCan the AI letter tool fill these forms?"},
	{"ni-nino-compact", NINumber, "PN581933A", "Social prescribing referral export: NINO PN581933A, benefits advice requested, referred by the chatbot"},
	{"ni-mobile-lowercase", NINumber, "wr620471c", "his ni number is wr620471c for the pip form can the ai helper fill it in for him"},
	{"ni-tsv-column", NINumber, "ST 71 80 42 D", "Name\tNI number\tBenefit\nFiona Rusk\tST 71 80 42 D\tESA\n(welfare rights team asked if the bot could do this)"},
	{"ni-email-label", NINumber, "AB 64 22 19 C", `From: Welfare Rights Service
Sent: 30 October 2025 10:11
Subject: FW: letter of support

Please draft a supporting letter. National Insurance no. AB 64 22 19 C.`},
	{"ni-ocr-spaced-label", NINumber, "HE  30  91  55  A", "OCR text:  N I   N o :  HE  30  91  55  A   (from the scanned DWP letter, can the AI read it?)"},
	{"ni-dwp-letter", NINumber, "RM 18 63 07 A", "Pasted from the DWP letter: Your National Insurance number: RM 18 63 07 A. We have made a decision about your claim."},
	{"ni-mobile-dashed", NINumber, "GH-74-05-88-B", "ni no GH-74-05-88-B on the form he gave me is that something the bot should store"},

	// --- Personal phone numbers ---
	{"phone-mobile-spaced", Phone, "07700 900461", "Patient asked the chatbot to call her back on 07700 900461 but the bot has no callback feature, can we add one?"},
	{"phone-intl-format", Phone, "+44 7700 900 873", "Contact from the SystmOne record: +44 7700 900 873 (mobile, preferred). Is the AI reminder service using this field?"},
	{"phone-dashed", Phone, "07700-900-219", "son's mobile 07700-900-219 was picked up by the ambient scribe and put in the letter"},
	{"phone-run-together-csv", Phone, "07700900334", "appointment_id,mobile,sms_status\nAP-55102,07700900334,failed\n(one of the failed reminders from the AI DNA pilot)"},
	{"phone-london-landline", Phone, "020 7946 0718", "Patient's home number 020 7946 0718 was read out during the consultation and the scribe transcribed it into the note"},
	{"phone-manchester-landline", Phone, "0161 496 0552", "EMIS contact details: Home 0161 496 0552 (no mobile). Reminder bot could not text this patient."},
	{"phone-brackets-area-code", Phone, "(0113) 496 0291", "Next of kin: wife, (0113) 496 0291 - copied from the PAS screen, sorry"},
	{"phone-intl-with-zero", Phone, "+44 (0)20 7946 0384", "The patient's daughter rang from +44 (0)20 7946 0384 to complain about the AI phone system"},
	{"phone-double-spaced-ocr", Phone, "07700  900  512", "OCR of the handwritten message slip:  ring  back  on  07700  900  512  re  results"},
	{"phone-email-signature-patient", Phone, "07700 900 148", `From: a patient (via the practice website form)
Sent: 01 November 2025 18:32

The online consultation bot keeps telling me to call 111. Please ring me instead.
Mobile 07700 900 148`},
	{"phone-bristol-tel", Phone, "0117 496 0933", "Transcript excerpt: tel: 0117 496 0933 - the caller left her number for the nurse"},
	{"phone-dotted-mobile", Phone, "07700.900.621", "mob.07700.900.621 is in the free text of the referral, the AI summary copied it through"},

	// --- Personal email addresses ---
	{"email-gmail", Email, "kenny.marlowe45@gmail.com", "Patient wants his AI-drafted letter sent to kenny.marlowe45@gmail.com rather than by post, is that allowed?"},
	{"email-hotmail", Email, "p.vanceholt@hotmail.co.uk", "Contact: p.vanceholt@hotmail.co.uk (from the registration form) - the chatbot tried to email her results"},
	{"email-yahoo-csv", Email, "dave_r_1962@yahoo.co.uk", "appointment_id,email,reminder_sent\nAP-55318,dave_r_1962@yahoo.co.uk,yes\n(single row from the reminder bot's output)"},
	{"email-btinternet", Email, "mandy.osei@btinternet.com", `From: Patient Advice and Liaison Service
Subject: FW: complaint about the AI phone line

Complainant contact: mandy.osei@btinternet.com. Please respond within 3 working days.`},
	{"email-outlook-mobile", Email, "jt.fairweather@outlook.com", "pt asked us to use jt.fairweather@outlook.com for the ai follow up msgs ok to add"},
	{"email-icloud-ocr", Email, "lulu.k.88@icloud.com", "OCR of the consent form:  Email :  lulu.k.88@icloud.com   Consent to AI transcription :  Yes"},
	{"email-uppercase-pas", Email, "EDITH.WHARTON1@NTLWORLD.COM", "PAS demographics screen:\nEMAIL: EDITH.WHARTON1@NTLWORLD.COM   PREF CONTACT: EMAIL\n(this field is what the AI reminder pilot would read)"},
	{"email-plus-address", Email, "sam.okoro+appointments@gmail.com", "Registration form entry: sam.okoro+appointments@gmail.com - the bot rejected the + sign, is that a bug?"},

	// --- Postcodes next to a patient's name ---
	{"postcode-address-line", Postcode, "LS6 2QT", "Mrs Edith Marlow, 14 Cedar Road, Leeds LS6 2QT - the AI letter went to her old address, how does it pick the address?"},
	{"postcode-banner", Postcode, "TR1 3HD", "PENROSE, Alan (Mr)   Male\nAddress: 3 Mill Lane, Truro TR1 3HD\n(banner pasted by mistake, sorry)"},
	{"postcode-mobile-lowercase", Postcode, "n7 6lb", "mr okafor from n7 6lb wants a callback about the ai triage outcome can someone ring him"},
	{"postcode-tsv-column", Postcode, "SE15 4QP", "Name\tPostcode\tPractice\nBeryl Hatch\tSE15 4QP\tY03654\n(list the home visit route optimiser would use)"},
	{"postcode-ocr-label", Postcode, "BS8 1TH", "OCR of the envelope:  Mr  T.  Grainger   BS8 1TH   (returned, the AI mail merge used the wrong house number)"},
	{"postcode-email-complaint", Postcode, "M14 5RN", `Subject: FW: complaint re chatbot

Patient: Harold Quint, postcode M14 5RN. He says the bot gave him the wrong clinic address.`},
}

// review8Line returns the line of text that holds byte offsets [start, end),
// widened to whole lines.
func review8Line(text string, start, end int) string {
	if start < 0 {
		start = 0
	}
	if end > len(text) {
		end = len(text)
	}
	if end < start {
		end = start
	}
	ls := strings.LastIndex(text[:start], "\n") + 1
	le := strings.Index(text[end:], "\n")
	if le < 0 {
		le = len(text)
	} else {
		le += end
	}
	return text[ls:le]
}

func review8SameKind(want, got Kind) bool {
	if want == got {
		return true
	}
	return (want == NHSNumber || want == CHINumber) && (got == NHSNumber || got == CHINumber)
}

func TestReview8Ordinary(t *testing.T) {
	s := New(DefaultAllowList())
	seen := map[string]bool{}
	refused := 0
	for _, c := range review8Ordinary {
		if seen[c.name] {
			t.Fatalf("duplicate case name %q", c.name)
		}
		seen[c.name] = true
		if n := len(c.text); n < 40 || n > 1500 {
			t.Errorf("%s: case length %d out of range", c.name, n)
		}
		fs := s.Find(c.text)
		if len(fs) == 0 {
			continue
		}
		refused++
		for _, f := range fs {
			t.Errorf("ordinary refused: %s: kind %s on line %q", c.name, f.Kind, review8Line(c.text, f.Start, f.End))
		}
	}
	t.Logf("ordinary refused %d/%d", refused, len(review8Ordinary))
}

func TestReview8Hidden(t *testing.T) {
	s := New(DefaultAllowList())
	seen := map[string]bool{}
	missed := 0
	for _, c := range review8Hidden {
		if seen[c.name] {
			t.Fatalf("duplicate case name %q", c.name)
		}
		seen[c.name] = true
		if n := len(c.text); n < 40 || n > 1500 {
			t.Errorf("%s: case length %d out of range", c.name, n)
		}
		at := strings.Index(c.text, c.needle)
		if at < 0 {
			t.Errorf("%s: needle not in text (a broken case)", c.name)
			continue
		}
		fs := s.Find(c.text)
		hit := false
		var kinds []string
		for _, f := range fs {
			kinds = append(kinds, string(f.Kind))
			if review8SameKind(c.kind, f.Kind) {
				hit = true
			}
		}
		if !hit {
			missed++
			t.Errorf("hidden missed: %s: kind %s on line %q (found instead: %v)", c.name, c.kind, review8Line(c.text, at, at+len(c.needle)), kinds)
		}
	}
	t.Logf("hidden missed %d/%d", missed, len(review8Hidden))
}
