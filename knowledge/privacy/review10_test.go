// Review 10 of the privacy screen: speech, letters and other languages.
//
// Written 2026-12-07 by an outside reviewer, from the package's public API
// (go doc), DESIGN.md (the privacy screen) and the domain notes (section 4)
// only: no code, tests or test data of this package were read.
// Commit reviewed: 0ae38d4085eac4de546c55df9ab47b4d82cbb00c (screen Version
// "2026-12-07.11").
//
// First run (the only run before this header was added; no case was changed
// after it): ordinary refused 1/160, hidden missed 15/90.
//   - ordinary refused: speech-teams-meeting-id (nhs_number; a 12-digit Teams
//     meeting ID said in words as four groups of three, whose first ten
//     digits happen to pass modulus 11).
//   - hidden missed: nhs-half-in-words, dob-spoken-full, dob-welsh-ganwyd,
//     dob-polish-data-urodzenia, dob-bengali-label, dob-arabic-label,
//     dob-romanian-label, dob-portuguese-words, hosp-welsh-rhif-ysbyty,
//     hosp-spoken, hosp-local-patient-id, ni-spoken, phone-spoken-double-oh,
//     postcode-scottish-safeguarding, postcode-spoken.
//
// After the fixes (screen version 2026-12-07.12; TestReview10Rules holds
// their edges) all pass but three identifiers, taken out of the list and
// left:
//   - "nascida em 4 de março de 1938": a date in Portuguese words; month
//     names are read in English and Welsh only (a label in any of eleven
//     languages is read, with the date in figures);
//   - "hospital number on that letter? patient: it says R T H zero zero
//     four one seven seven two": letters spelled one by one, and the label
//     a question away;
//   - "P L four seven D Y": a postcode spelled letter by letter.
// Fixed: digits said in words are one number whatever a transcript puts
// between them ("three eight one, four four two"), and two or more count
// beside figures ("463 one eight eight 5491"); a year said in words is
// judged as one ("nineteen sixty one"); date-of-birth labels in Welsh and
// ten other languages (Polish, Romanian, Portuguese, Spanish, French,
// Italian, German, Turkish, Lithuanian, Somali, Urdu in Latin script,
// Bengali, Hindi, Punjabi, Urdu and Arabic scripts) and a date with a Welsh
// month's name after a birth word;
// "LPI" and Welsh "rhif ysbyty" label hospital numbers; "McAllister" is a
// surname.
//
// The identifiers in this file are invented; the NHS, H&C and CHI numbers are
// valid modulus-11 numbers generated for this review, not real people's.

package privacy

import (
	"strings"
	"testing"
)

// r10Case is an ordinary text: it must pass the screen with no finding.
type r10Case struct {
	name string
	text string
}

// r10Hidden is a text hiding exactly one patient identifier of kind.
// needle is the identifier as it appears in text (used only to report the
// line that was missed); nhs holds the bare digits of a hidden NHS, H&C or
// CHI number so that the case itself can be checked with ValidNHSNumber.
type r10Hidden struct {
	name   string
	kind   Kind
	nhs    string
	needle string
	text   string
}

// ---------------------------------------------------------------------------
// Ordinary texts (160): speech, letters, other languages, AI outputs.
// ---------------------------------------------------------------------------

var r10Ordinary = []r10Case{
	// 1. Dictated and transcribed speech.
	{"speech-standup-uptake", `um so yeah the ambient scribe pilot went live in uh three practices on the fourteenth of October and we've had about two hundred and twelve consultations through it so far no complaints from patients just a couple of uh clinicians who said the summaries were a bit long`},
	{"speech-voice-note-dpia", `voice note typed up by Ana: right so the DPIA for the scribe is with the IG team they want the supplier's data flow diagram before the twenty third and er the Caldicott Guardian wants to see it too before we sign anything off`},
	{"speech-dictation-counting-test", `speech to text test eleven the quick brown fox jumps over the lazy dog one two three four five six seven eight nine ten testing testing full stop new paragraph`},
	{"speech-meeting-costs", "Speaker 2: so the the cost was roughly forty two thousand for the first year and then it drops to about eighteen after that\nSpeaker 1: and is that per practice or across the PCN\nSpeaker 2: across the PCN all nine practices"},
	{"speech-wer-accents", `We ran the speech recognition against forty recorded mock consultations with actors. Word error rate was 6.8% overall, 11.2% for speakers with strong regional accents, and drug names were the worst category.`},
	{"speech-ticket-spelt-out", `voice memo from Dev: the ticket number for the Dragon licences is I N C zero zero four seven one one two can someone chase it with the service desk before Friday`},
	{"speech-app-version", `transcript: we're on version three point two point one of the scribe app now, the supplier says four point oh lands in January with the new summary layout`},
	{"speech-patient-script-111", `patient-facing script read aloud at the start of the pilot: if you feel worse before your appointment call one one one, or in an emergency call nine nine nine`},
	{"speech-0300-helpline", `so the helpline for the national digital team is oh three hundred, three one one, double two, three three, that's the published NHS England number on their website`},
	{"speech-false-starts-hazard-log", `so the the the thing is we we can't we can't turn on the summarise button until the clinical safety officer has has signed the hazard log that's that's the rule isn't it`},
	{"speech-golive-dates", `we went live on the third of April twenty twenty five and the six month review is booked for the third of October in the board room`},
	{"speech-average-age", `er the average age of patients in the evaluation was sixty seven and about a third of them had a hearing aid which we thought might affect the microphone`},
	{"speech-dictated-wordcount", `Dictated letters averaged three hundred and forty words; after the scribe they averaged two hundred and ninety. Typing time per letter fell from eleven minutes to four.`},
	{"speech-mic-placement", `Recorded in room four, bay two, bed twelve: the mic array was on the ceiling about two metres from the couch and picked up the ward phone ringing twice.`},
	{"speech-purchase-order", `er the purchase order number is four five zero zero one two three four five six if finance asks, it covers the first twelve months of licences`},
	{"speech-training-smartcard", `uhm training sessions are Tuesday the ninth and Thursday the eleventh at half twelve in the education centre bring your smartcard and your headset`},
	{"speech-whisper-no-punctuation", `whisper large v3 transcription test no punctuation no capitals the model dropped the word not in two sentences which flips the meaning so clinicians must read every line`},
	{"speech-verbal-consent", `voice note: reminder that we ask for verbal consent at the start of every recorded consultation and the clinician says it out loud so the transcript shows it was given`},
	{"speech-draft-turnaround", `the scribe takes about ninety seconds to produce a draft after the consultation ends, sometimes two minutes on a busy afternoon between two and four`},
	{"speech-uptake-dialogue", `speaker one what was the uptake speaker two seventy three percent of GPs used it at least weekly by week six down from eighty one in week two speaker one okay`},
	{"speech-board-readout", `Pilot stats as read out at the board: 1,842 consultations, 37 clinicians, 4 practices, 0 serious incidents, 12 near misses logged in Datix.`},
	{"speech-redaction-bleep", `so when it hears date of birth it it redacts it automatically you know like it bleeps the the value out in the transcript and puts a tag in instead`},
	{"speech-near-miss-ramipril", `Near miss: the scribe wrote that the patient had been started on ramipril when the GP had only discussed it. Caught at review. Logged as hazard H-014 in the hazard log.`},
	{"speech-mic-check-script", `Mic check script for the pilot rooms: "testing one two three, testing one two three" then read the standard paragraph about the weather in Manchester.`},
	{"speech-radiology-turnaround", `Radiologists dictating via the new speech engine: median report turnaround went from 26 hours to 19 hours over six weeks, and the correction rate was 3 per 100 reports.`},
	{"speech-practice-code", `voice note: can you add practice code F eight four zero one two to the pilot list, they're joining in wave two with the other Tower Hamlets practices`},
	{"speech-teams-meeting-id", `the webinar's on Teams, meeting ID three eight one, four four two, nine nine oh, seven one six, and the passcode's on the calendar invite`},
	{"speech-call-recording", `Calls to the booking line are recorded for training and the recording is kept 90 days. The AI transcribes them so we can spot the commonest reasons for calling.`},
	{"speech-mobiles-start-oh-seven", `um the redaction thing catches mobiles because they all start oh seven and it catches landlines starting oh one or oh two so we shouldn't need to do anything extra`},
	{"speech-timestamped-transcript", "[00:01:12] Speaker 1: okay can everyone hear me\n[00:01:15] Speaker 2: yep loud and clear\n[00:01:19] Speaker 1: great so item one is the scribe evaluation"},
	{"speech-dictation-commands", `dear doctor comma thank you for seeing this gentleman full stop new paragraph he has had a cough for three weeks full stop yours sincerely`},
	{"speech-bank-holiday", `voice note: clinic moved from Monday the twenty sixth of May because of the bank holiday, the scribe rota is updated on the shared drive`},
	{"speech-actor-script-doses", `Scribe accuracy script (actor reads): amlodipine five milligrams once daily, atorvastatin twenty milligrams at night, and paracetamol one gram up to four times a day.`},
	{"speech-ward-seven-b", `er so sorry I I mean the the pilot on ward seven B not seven A, seven A is the stroke unit and they're not part of it until phase two`},
	{"speech-obs-actor-script", `Actor script line 14: NEWS2 score of three, heart rate ninety eight, BP one twenty over seventy eight, sats ninety six percent on air, temperature thirty seven point nine.`},
	{"speech-conference-talk", `transcript of the conference talk: in twenty nineteen we started with one radiologist and a spreadsheet and by twenty twenty four we had AI triage on every chest film`},
	{"speech-dragon-profile", `voice note: the Dragon profile export is about 1.2 gigabytes so don't email it, put it on the shared drive under Digital slash Speech slash Profiles`},
	{"speech-interpreter-on-line", `the interpreter joined by phone and the scribe only caught the English half of the conversation, so for now we switch it off when an interpreter is used`},

	// 2. Clinical correspondence: templates, audits, structures without values.
	{"letter-template-placeholders", "Dear [GP name],\nRe: [Patient name], DOB [date of birth], NHS number [NHS number]\nThank you for referring this patient to the [clinic] clinic. [AI draft paragraph goes here]"},
	{"letter-mail-merge-fields", `The discharge template pulls {{patient.nhs_number}}, {{patient.dob}} and {{patient.address.postcode}} from the EPR at print time; the AI only ever sees the template, never the merged letter.`},
	{"letter-masked-nhs", `In the screenshots for the training pack every banner is masked: NHS No. XXX XXX XXXX, DOB XX-XXX-XXXX, and the name replaced with TEST PATIENT.`},
	{"letter-audit-500-summaries", `Audit of 500 AI-drafted discharge summaries: 472 accurate, 21 needed minor edits, 7 had a significant error (wrong drug dose in 4, missing allergy in 3). None reached a patient.`},
	{"letter-json-schema", `{"letter_type": "clinic", "nhs_number": "<10 digits>", "date_of_birth": "<YYYY-MM-DD>", "body": "<free text>", "signed_by": "<clinician>"}`},
	{"letter-template-version", `Clinic letter template v4.2, approved by the Clinical Documentation Group on 12/03/2025, replaces v4.1 from last autumn. The AI paragraph is marked in grey until a clinician accepts it.`},
	{"letter-blank-dob-field", "Referral form, section 1 (patient details):\nName: ____________\nDate of birth: __/__/____\nNHS number: ___ ___ ____\nThe AI pre-fill must leave these blank."},
	{"letter-safeguarding-template", "Safeguarding referral template (sample only):\nChild: [name]\nDOB: [dd/mm/yyyy]\nAddress: [address, postcode]\nConcern: [describe]\nDo not paste completed referrals into any AI tool."},
	{"letter-switchboard-0300", `For queries about the letters pilot contact the Trust switchboard on 0300 123 1044 and ask for the Digital Clinical Safety team.`},
	{"letter-prsb-headings", `PRSB discharge summary headings we asked the model to fill: Diagnoses, Procedures, Medications changed, Allergies, Follow-up actions for GP, Information given to patient.`},
	{"letter-volumes-quarter", `Letters sent 01/04/2025 to 30/06/2025: 12,482 outpatient letters, of which 3,907 were drafted with AI assistance (31%).`},
	{"letter-referral-length", `Referral letters from GPs averaged 412 words, with a range of 38 to 1,960. The AI summary of each referral is capped at 150 words for the triage consultant.`},
	{"letter-ig-office-address", `Please post signed data sharing agreements to the Information Governance Office, Level 3, Trust Headquarters, 40 Infirmary Street, Leeds LS1 2JP.`},
	{"letter-staff-sign-off", `The template was signed off by Dr Helen Okafor (CCIO), Gareth Price (Head of IG) and Priya Raman (Chief Nurse) at the Digital Design Authority.`},
	{"letter-cui-banner-format", `The sample banner follows the CUI layout: FAMILY NAME, Given name (Title) | Born dd-Mmm-yyyy (age) | Gender | NHS No. nnn nnn nnnn. We never fill it in sample letters.`},
	{"letter-epr-version", `Letters are generated from EPR release 2024.3.0 build 17 on the test system; production is still on 2023.4.2 until the upgrade weekend.`},
	{"letter-fhir-identifier", `The FHIR Patient resource uses identifier.system "https://fhir.nhs.uk/Id/nhs-number" and identifier.value, which our export replaces with "[redacted]" before anything reaches the model.`},
	{"letter-tickets", `Change request CHG0034567 moves the letter AI to production; the related incident from the test phase was INC0098765 and the access request is RITM0012345.`},
	{"letter-ods-codes", `Trusts in the letters pilot (ODS codes): RJ1, RYJ, R1H, RAL and RRV. GP practices: F84012, F84017 and Y02906.`},
	{"letter-snomed-codes", `SNOMED CT concepts used to tag the letters: discharge summary 373942005, clinic letter 371531000, referral letter 371530004.`},
	{"letter-icd10-audit", `Coding audit of AI-summarised letters: I21.4 and I50.9 were the codes most often missed; J18.9 was over-coded in 6 of 80 letters.`},
	{"letter-turnaround-audit", `Median time from clinic to letter sent fell from 14 days in January 2025 to 3 days in June 2025 after the AI drafting pilot began.`},
	{"letter-ubrn-format", `e-RS referrals carry a UBRN (12 digits) which is not a patient identifier on its own, but we still strip it from anything sent to the summariser.`},
	{"letter-role-mailbox", `Questions about the national AI guidance can go to england.aiteam@nhs.net; local questions about the letters pilot go through the service desk.`},
	{"letter-dear-colleague-policy", `Dear colleague, from 1 November all AI-drafted letters must carry the line "Drafted with AI assistance and checked by the author". Thank you for your support.`},
	{"letter-quality-rubric", `Letter quality rubric (each 0 to 2): accuracy, completeness, clear actions for GP, plain English for the patient copy, correct tone. Maximum score 10.`},
	{"letter-safeguarding-policy", `Reminder from the safeguarding team: never paste safeguarding notes, chronologies or strategy meeting minutes into Copilot or any chatbot, even to "tidy them up".`},
	{"letter-ai-json-nulls", `{"diagnoses": [], "medications_changed": null, "allergies": "not recorded", "gp_actions": ["review bloods in 2 weeks"], "patient_identifiers": "removed before processing"}`},
	{"letter-print-footer", "Page 2 of 3\nPrinted 14/10/2025 09:41 by the letters service\nThis letter was drafted with AI assistance and checked by the author."},
	{"letter-reference-format", `Letter refs follow the pattern CL/2025/000417 (clinic letters) and DS/2025/001208 (discharge summaries); the AI tool only reads the reference, not the patient.`},
	{"letter-backlog", `Typing backlog in cardiology fell from 3,418 letters in March to 611 in August once the scribe went live in three clinics.`},
	{"letter-reading-age", `Patient copies written by the model had a median reading age of 11 (Flesch-Kincaid), against 15 for the clinician-written letters in the same clinics.`},
	{"letter-med-rec-counts", `Pharmacy checked 240 AI discharge summaries: medicines reconciliation matched in 226, 9 omitted a stopped drug, 5 had a dose unit error (mg vs micrograms).`},
	{"letter-team-mailbox", `Send template change requests to digital.transformation@examplehealth.nhs.uk and include the template name and version in the subject line.`},
	{"letter-trust-hq-address", `Trust Headquarters, Rowan House, 2 Riverside Way, Nottingham NG2 1DP. Deliveries for the AI pilot servers go to goods in, not reception.`},
	{"letter-pals-0800", `Patient leaflet excerpt: "If you have questions about how AI is used in your care, contact PALS free on 0800 587 0012 or speak to any member of staff."`},
	{"letter-audit-period", `Audit period 1 April 2025 to 30 September 2025. Sample: every 20th AI-drafted letter, 618 in total, reviewed by two consultants independently.`},
	{"letter-triage-categories", `Referral triage categories the model suggests: urgent suspected cancer (2WW), urgent, soon, routine, advice and guidance only. A consultant confirms every one.`},
	{"letter-clinic-codes", `Clinic codes in scope for the AI letters: CARD04 (heart failure), RESP12 (COPD), DIAB07 (young adult diabetes). Sessions AM and PM.`},
	{"letter-sample-structure", "Sample discharge structure (no real values):\n1. Admission reason\n2. Key findings\n3. Treatment\n4. Discharge medications\n5. Follow-up\nIdentifiers are added by the EPR after sign-off."},
	{"letter-hospital-number-mapping", `The hardest part was hospital number matching between the two PAS systems after the merger; the AI tool itself never needed identifiers at all.`},
	{"letter-pas-upgrade", `PAS upgrade weekend is 8 and 9 November, so no AI-drafted letters will be generated on those days. Normal service resumes Monday morning.`},
	{"letter-mrn-discussion", `We asked the supplier whether the MRN is ever sent to their cloud. Answer: no, the integration passes an opaque token and the mapping stays on site.`},
	{"letter-dob-check-process", `Process note: the clerk checks name, date of birth and NHS number against the spine before a letter is released, as before. The AI changes nothing there.`},
	{"letter-nhs-number-rules", `Why NHS numbers never go in prompts: they are ten digits with a modulus 11 check digit, easy to recognise and to link, so the screen refuses any text with one.`},
	{"letter-word-templates", `We keep the letter templates in Word with content controls named PatientName, PatientDOB, NHSNumber and GPAddress. The model fills only the Narrative control.`},
	{"letter-postcode-field-note", `The referral form has a postcode field for the patient's address; the AI extraction test set uses the dummy value ZZ99 3VZ, which is the NHS "no fixed abode" code.`},
	{"letter-ai-edit-distance", `Mean edit distance between AI draft and signed letter: 84 characters (median 41). Consultants edited the plan section most, the history section least.`},

	// 3. Other languages and mixed language.
	{"lang-welsh-pilot-finished", `Bore da pawb, mae'r cynllun peilot AI yn y feddygfa wedi gorffen. Diolch i bawb am eich cymorth, bydd yr adroddiad ar gael cyn y Nadolig.`},
	{"lang-welsh-meeting-date", `Cyfarfod nesaf y grŵp AI: dydd Mawrth 14 Hydref 2025 am 10:00 ar Teams. Agenda: gwerthuso'r sgribydd, DPIA, hyfforddiant staff.`},
	{"lang-welsh-template-label", "Templed llythyr (dwyieithog):\nEnw / Name: [enw]\nRhif GIG / NHS number: [rhif]\nDyddiad geni / Date of birth: [dyddiad]"},
	{"lang-welsh-bilingual-header", `Annwyl [enw'r meddyg] / Dear [GP name], diolch am yr atgyfeiriad / thank you for the referral. Gall yr AI ddrafftio'r ddwy iaith, ond mae clinigwr yn gwirio pob un.`},
	{"lang-welsh-copilot-question", `Oes rhywun yn defnyddio Copilot yn y bwrdd iechyd eto? Rydyn ni'n aros am ganllawiau gan Iechyd a Gofal Digidol Cymru cyn dechrau.`},
	{"lang-welsh-translation-quality", `The model translated patient leaflets into Welsh well for general text but got "sgan" and "sganiwr" wrong twice; a Welsh-speaking nurse now checks every leaflet.`},
	{"lang-welsh-dates-not-birth", `Sesiynau hyfforddi: Dydd Iau 6 Tachwedd a Dydd Gwener 28 Tachwedd, 14:00 tan 15:30, yn yr ystafell addysg. Dewch â'ch cerdyn clyfar.`},
	{"lang-scotland-chi-explainer", `In NHS Scotland the CHI number does the job of the NHS number; its first six digits are the date of birth, so treat any CHI in a prompt as two identifiers, not one.`},
	{"lang-scotland-board-pilot", `NHS Lothian ran the scribe in two GP practices and one outpatient clinic. TrakCare integration took longer than the pilot itself, which is the usual story.`},
	{"lang-scots-dialect", `Aye, the scribe's no bad at aw, but it cannae make heid nor tail o' a Glaswegian accent efter five o'clock. We're gonnae try the new model next month.`},
	{"lang-scottish-gaelic", `Madainn mhath! Tha am pròiseact AI anns na h-Eileanan Siar a' dol gu math. Tha sinn ag ionnsachadh mòran mu dheidhinn an teicneòlais ùir.`},
	{"lang-ni-hc-explainer", `Northern Ireland uses the Health and Care (H&C) number, same ten digit format and check digit as the NHS number, so our screen has to treat both the same way.`},
	{"lang-ni-encompass", `The Belfast Trust and South Eastern Trust are both on encompass now; the AI letters pilot waits until the Southern Trust goes live next year.`},
	{"lang-irish-greeting", `Dia daoibh go léir! Beidh an cruinniú faoi AI sa tseirbhís sláinte ar siúl Dé Céadaoin. Tá fáilte roimh chách, go háirithe altraí.`},
	{"lang-polish-question", `Cześć wszystkim, czy ktoś ma doświadczenie z AI do transkrypcji w POZ? U nas pilotaż trwa od marca 2025 i lekarze są raczej zadowoleni.`},
	{"lang-polish-template-label", "Szablon skierowania (przykład):\nImię i nazwisko: [imię]\nData urodzenia: [data]\nNumer NHS: [numer]\nNie wklejać prawdziwych danych do czatu!"},
	{"lang-polish-counts", `W pilotażu wzięło udział 120 pacjentów i 8 lekarzy. Czas pisania listów spadł o 40%, ale dwie pielęgniarki zgłosiły błędy w nazwach leków.`},
	{"lang-polish-ni-question", `Pytanie od kolegi: czy AI może przetwarzać numer NI pacjenta, jeśli jest w skanie listu z DWP? Odpowiedź IG: nie, skan trzeba najpierw zanonimizować.`},
	{"lang-polish-english-ticket", `Zgłosiłam problem z mikrofonem, ticket INC0047112, ale nikt nie odpisał. Can someone from the service desk chase it please? Dzięki!`},
	{"lang-urdu-latin", `Salaam sab, AI scribe ka pilot theek chal raha hai, doctors ka kaafi time bach raha hai, lekin accent wali problem abhi bhi hai. Agle hafte review meeting hai.`},
	{"lang-urdu-0300", `Agar kisi ko national guidance ke bare mein sawal ho to NHS England ka number 0300 311 22 33 hai, ya website dekh lein. Shukriya!`},
	{"lang-punjabi-latin", `Sat sri akal ji, sadi practice vich triage tool 3 mahine ton chal reha hai. Mareezan di feedback changi hai par bazurgan nu online form aukha lagda.`},
	{"lang-bengali", `আমাদের ট্রাস্টে এআই পাইলট সফল হয়েছে। ডাক্তাররা বলছেন চিঠি লেখার সময় অনেক কমেছে। পরের মাসে আমরা ফলাফল শেয়ার করব।`},
	{"lang-bengali-digits-count", `পাইলটে ৩১২ জন রোগী এবং ১৪ জন ডাক্তার অংশ নিয়েছেন। The evaluation report is on the shared drive.`},
	{"lang-arabic", `مرحبا بالجميع، هل جرب أحد أداة الذكاء الاصطناعي لتلخيص رسائل العيادة؟ نحن نفكر في تجربتها في قسم القلب.`},
	{"lang-arabic-indic-count", `شارك ٤٢ طبيبا في التجربة خلال ٦ أشهر. The Arabic leaflet translation was checked by two interpreters before use.`},
	{"lang-romanian", `Bună ziua, lucrez ca asistentă medicală în Leicester. Pilotul cu AI pentru triaj a început în 2024 și rezultatele sunt încurajatoare.`},
	{"lang-romanian-version", `Am instalat versiunea 2.4.1 a aplicației de dictare; versiunea 2.3 avea probleme cu diacriticele în numele pacienților. Acum merge bine.`},
	{"lang-portuguese", `Olá a todos, alguém já usou IA para resumos de alta hospitalar? Estamos a pensar num piloto na enfermaria de medicina interna.`},
	{"lang-portuguese-meeting-date", `A reunião sobre o piloto de IA é no dia 14/10/2025 às 15h, na sala 3. Tragam os dados de utilização do último trimestre.`},
	{"lang-spanish", `Hola equipo, el piloto de IA para transcripción terminó en septiembre. Los médicos ahorraron unos 20 minutos por sesión de consulta.`},
	{"lang-hinglish", `Hi all, quick update: AI discharge summary wala pilot ward 9 mein next Monday se start hoga. Training slots abhi bhi available hain, please sign up.`},
	{"lang-gujarati-latin", `Kem cho badha? Amara practice ma AI triage tool no pilot saro chale che. Receptionists khush che, phone calls ochha aave che.`},
	{"lang-somali", `Salaan dhammaan, barnaamijka AI-ga ee turjumaadda ayaa bilaabmay. Bukaannada Soomaaliga ku hadla ayaa siiyay jawaab celin wanaagsan.`},
	{"lang-turkish", `Merhaba, yapay zeka ile not tutma pilotu üç ayda tamamlandı. Doktorlar memnun, ama ilaç isimlerinde hâlâ hatalar var.`},
	{"lang-language-line-0800", `Interpreting for the scribe pilot goes through the national language line on 0800 028 0073; the scribe is paused for the interpreted part.`},
	{"lang-translation-eval", `Machine translation eval on 200 leaflet sentences: BLEU 41.2 for Polish, 36.8 for Romanian, 29.5 for Bengali, 27.1 for Somali. Human review still needed.`},

	// 4. AI outputs pasted back.
	{"ai-llm-draft-lesson", `Here's a draft of your pilot lesson: "We piloted an ambient scribe in three GP practices for six months. Clinicians saved about four minutes per consultation. The main barrier was accents; the main enabler was a named clinical champion."`},
	{"ai-chatbot-dpia", "User: do I need a DPIA for an AI scribe?\nAssistant: Yes. Processing health data with new technology is on the ICO's high-risk list, so a DPIA is required before the pilot starts. Talk to your DPO early."},
	{"ai-eval-metrics-line", `eval run 7: precision=0.912 recall=0.874 f1=0.893 n=1204 threshold=0.35 model=triage-v2.1`},
	{"ai-confusion-matrix", "Confusion matrix (rows actual, cols predicted):\n          urgent  routine\nurgent       412       31\nroutine       58     1903"},
	{"ai-redacted-output", `{"summary": "Patient seen in clinic, reports improved breathing.", "nhs_number": "<REDACTED:NHS_NUMBER>", "dob": "<REDACTED:DATE_OF_BIRTH>", "phone": "<REDACTED:PHONE>"}`},
	{"ai-llm-refusal", `I can't include the patient's date of birth or NHS number in this summary. If you need them in the letter, the EPR template adds them after you sign it off.`},
	{"ai-eval-log-timestamps", "2025-10-14T09:32:11Z INFO eval started cases=250\n2025-10-14T09:41:57Z INFO eval finished pass=229 fail=21\n2025-10-14T09:41:58Z INFO report written"},
	{"ai-copilot-meeting-recap", `Copilot recap: The group agreed to extend the scribe pilot to two more practices. Actions: Helen to update the DPIA; Gareth to confirm DSPT status; Priya to plan training.`},
	{"ai-model-card", `Model card excerpt: intended use, drafting clinic letters for clinician review. Not intended for: diagnosis, triage without review, use with children under 16.`},
	{"ai-prompt-template", `Prompt template v3: "Summarise the consultation below for the GP. Do not include {nhs_number}, {date_of_birth} or {address}; they are added by the EPR."`},
	{"ai-chatgpt-bullets", "Here are five things to check before piloting an AI tool:\n1. DTAC completed\n2. DCB0160 safety case\n3. DPIA signed off\n4. MHRA device status\n5. A plan to measure benefits"},
	{"ai-generated-sql", `SELECT practice_code, COUNT(*) AS letters FROM ai_letters WHERE created_at >= '2025-04-01' AND nhs_number IS NOT NULL GROUP BY practice_code ORDER BY letters DESC;`},
	{"ai-regex-explained", `The model suggested this pattern for NHS numbers: \b\d{3}[ -]?\d{3}[ -]?\d{4}\b followed by a modulus 11 check. It also warned that regex alone gives false positives.`},
	{"ai-token-usage", `usage: {"prompt_tokens": 1532, "completion_tokens": 412, "total_tokens": 1944} latency_ms=2310 model=gpt-4o-mini finish_reason=stop`},
	{"ai-redaction-eval", `Redaction model eval on the synthetic set: removed 1,204 of 1,211 identifiers (99.4%); the 7 misses were all dates written in words.`},
	{"ai-soap-note-actor", "S: 3 days sore throat, no fever reported.\nO: tonsils enlarged, no exudate, temp 37.2.\nA: likely viral pharyngitis.\nP: fluids, paracetamol, safety-net advice, review if worse.\n(Scribe output from actor script 9.)"},
	{"ai-triage-chatbot-output", `Chatbot output: "Based on what you've told me, you should speak to a GP today. If your symptoms get worse or you can't get through, call 111. In an emergency call 999."`},
	{"ai-model-versions", `We compared gpt-4o-2024-08-06, claude-3-5-sonnet-20241022 and a local Llama 3.1 8B for letter drafting; results are in the evaluation tab of the workbook.`},
	{"ai-hallucinated-refs", `The draft cited "Smith et al., BMJ 2023" which does not exist, and a DOI that resolved to an unrelated paper on knee surgery. Always check references.`},
	{"ai-eval-harness-output", "case 17/250 PASS summary_contains_plan\ncase 18/250 FAIL medication_dose_changed (expected 5 mg, got 50 mg)\ncase 19/250 PASS no_identifiers_in_output"},
	{"ai-rubric-scores", `Human rating of 60 AI summaries (1 to 5): accuracy 4.3, completeness 3.9, concision 4.6, safety 4.8. Two raters, kappa 0.71.`},
	{"ai-draft-email-practices", `Draft (from Copilot): "Dear practice managers, we are looking for three more practices to join the triage pilot from January. Funding covers licences and backfill for training."`},
	{"ai-easy-read-leaflet", `Easy Read draft from the model: "Sometimes a computer helps the doctor write your letter. The doctor always checks the letter. You can say no to this."`},
	{"ai-chatbot-chi-question", "User: does the screen know about CHI numbers?\nBot: Yes, a CHI number is treated like an NHS number: ten digits, date of birth first, check digit last. Don't paste one."},
	{"ai-redaction-tags", `Scribe output after redaction: "<PERSON> attended with <PERSON> (daughter). Lives alone at <ADDRESS>. Contact via <PHONE>." The tags are filled from the EPR, not by the model.`},
	{"ai-hallucination-log", `Hallucination log, week 3: 4 invented examinations ("chest clear" when not examined), 2 invented follow-ups, 1 wrong laterality. All caught by the clinician.`},
	{"ai-azure-config", `Azure OpenAI deployment: endpoint https://nhs-example-ai.openai.azure.com, api-version=2024-10-21, deployment=letters-gpt4o, region UK South.`},
	{"ai-welsh-translation-output", `Model output (Welsh): "Mae eich apwyntiad nesaf yn y clinig diabetes. Dewch â'ch meddyginiaethau gyda chi." Reviewer: correct, natural phrasing.`},
	{"ai-embedding-recall", `Embedding search eval: recall@1 0.62, recall@3 0.81, MRR 0.70 on 150 golden questions; word search alone gave recall@3 0.69.`},
	{"ai-kbbot-chat", "User: has anyone used AI to clear an x-ray backlog?\nkbbot: Yes: an acute trust used AI fracture detection to clear a backlog of unreported X-rays (success, anecdotal evidence). Details below."},
	{"ai-dpia-draft-section", `AI-drafted DPIA section 4: "The processing uses audio of consultations. Audio is deleted within 24 hours; the transcript is kept in the EPR as part of the record." Reviewed by the DPO.`},
	{"ai-roc-auc", `Validation on local data: AUROC 0.91 (95% CI 0.88 to 0.94), sensitivity 0.86, specificity 0.83 at the vendor threshold; the vendor's own figure was 0.95.`},
	{"ai-markdown-table", "| site | letters | AI drafted | edited |\n|---|---|---|---|\n| North | 1,240 | 802 | 211 |\n| South | 980 | 655 | 190 |\n| West | 1,512 | 1,003 | 260 |"},
	{"ai-note-length-compare", `Scribe notes were longer than clinician notes: median 212 words against 96. Clinicians trimmed 40% of the scribe text on average before saving.`},
	{"ai-request-ids", `Failed requests for the supplier: req_8f3a2b1c9d, req_7e21aa04f3 and chatcmpl-AbC123xYz; all three timed out at 30 s during the 14:00 clinic peak.`},
	{"ai-clinic-schedule-output", `Assistant: Here is the suggested rota for the scribe pilot. Mon 03/11 and Wed 05/11: Dr Shah. Tue 04/11: Dr Evans. Thu 06/11 and Fri 07/11: nurse-led clinic.`},
	{"ai-removed-identifiers-report", `Pre-processing report: removed 1 NHS number, 1 date of birth, 2 phone numbers and 1 email address before sending the text to the model. Nothing identifying was sent.`},
}

// ---------------------------------------------------------------------------
// Hidden identifiers (90): each text hides exactly one.
// ---------------------------------------------------------------------------

var r10HiddenCases = []r10Hidden{
	// NHS numbers (and Northern Irish H&C numbers), many layouts.
	{"nhs-scribe-spoken-words", NHSNumber, "7938166626", "seven nine three eight one six six six two six",
		`doctor: okay and can you confirm your NHS number for me patient: yeah it's seven nine three eight one six six six two six doctor: lovely thank you`},
	{"nhs-half-in-words", NHSNumber, "4631885491", "463 one eight eight 5491",
		`transcribed voice note from the ward: the gentleman in bay three NHS number is 463 one eight eight 5491 can someone check his repeat prescription`},
	{"nhs-spoken-doubles", NHSNumber, "7884228203", "seven double eight, four double two, eight two oh three",
		`Scribe transcript: "Right, and your NHS number, have you got it there? Yes, it's seven double eight, four double two, eight two oh three." GP: "Great."`},
	{"nhs-clinic-letter-spaced", NHSNumber, "4610018098", "461 001 8098",
		"Cardiology Outpatients\nRe: Mr Dennis Haworth\nNHS No: 461 001 8098\nDear Dr Lewis, I reviewed this 72 year old man in clinic today with breathlessness on exertion."},
	{"nhs-discharge-dashed", NHSNumber, "7904331349", "790-433-1349",
		"DISCHARGE SUMMARY\nPatient: Agnes Whitcombe   NHS: 790-433-1349\nAdmitted with community acquired pneumonia, treated with amoxicillin, discharged home day 5."},
	{"nhs-dotted", NHSNumber, "7776052191", "777.605.2191",
		`can the AI summarise this referral? patient ref 777.605.2191, 3 months of weight loss, GP wants 2WW upper GI`},
	{"nhs-split-line-break", NHSNumber, "4740106981", "474 010\n6981",
		"Referral received from the practice today for Kieran Doyle, NHS number 474 010\n6981, asking for a dermatology opinion on a changing mole."},
	{"nhs-ocr-s-and-o", NHSNumber, "4533017754", "4S3 3O1 7754",
		`OCR output from the scanned letter: "Patient: Brenda Castle  NHS No: 4S3 3O1 7754  Clinic: Diabetes". The scan quality was poor.`},
	{"nhs-ocr-l-and-i", NHSNumber, "4418021981", "441 8O2 I981",
		"Scanned referral (OCR text):\nNHS Number 441 8O2 I981\nReason: recurrent falls, please assess for the frailty clinic."},
	{"nhs-welsh-rhif-gig", NHSNumber, "7907300339", "790 730 0339",
		`Llythyr clinig: Mrs Gwenllian Rees, Rhif GIG: 790 730 0339. Gwelwyd hi yn y clinig diabetes heddiw; mae ei siwgr gwaed wedi gwella.`},
	{"nhs-polish-numer", NHSNumber, "6659834478", "665 983 4478",
		`Cześć, czy AI może streścić ten list? Pacjent: Jan Kowalczyk, numer NHS: 665 983 4478, skierowanie do kardiologa w sprawie kołatania serca.`},
	{"nhs-urdu-latin", NHSNumber, "4027073622", "4027073622",
		`Bhai ye letter AI se summary karwa do please, mareez ka NHS number 4027073622 hai, aur cardiology follow up agle mahine hai.`},
	{"nhs-bengali-digits", NHSNumber, "4379292398", "৪৩৭ ৯২৯ ২৩৯৮",
		`রোগীর এনএইচএস নম্বর ৪৩৭ ৯২৯ ২৩৯৮, অনুগ্রহ করে চিঠিটি সংক্ষেপ করুন। Please summarise for the GP.`},
	{"nhs-arabic-indic-digits", NHSNumber, "7313865945", "٧٣١ ٣٨٦ ٥٩٤٥",
		`رقم NHS للمريض: ٧٣١ ٣٨٦ ٥٩٤٥ - يرجى تلخيص رسالة الخروج من المستشفى للطبيب العام.`},
	{"nhs-romanian", NHSNumber, "7762867708", "776 286 7708",
		`Bună, puteți verifica acest pacient? Numărul NHS: 776 286 7708, internat ieri pe secția de medicină, are nevoie de rezumatul externării.`},
	{"nhs-portuguese", NHSNumber, "6697184159", "669 718 4159",
		`Olá, preciso de ajuda com esta carta: doente Maria Fernandes, número do NHS 669 718 4159, consulta de seguimento em ortopedia.`},
	{"nhs-llm-draft-unredacted", NHSNumber, "4561176519", "456 117 6519",
		"Here is your draft discharge letter:\n\nPatient: Harold Beckett\nNHS Number: 456 117 6519\nDiagnosis: NSTEMI\nPlan: cardiology follow-up in 6 weeks, continue dual antiplatelets."},
	{"nhs-chatbot-transcript", NHSNumber, "4478477620", "4478477620",
		"User: summarise this for the GP - pt 4478477620 seen in ED with a wrist injury, x-ray shows a distal radius fracture, backslab applied\nAssistant: Summary: wrist fracture managed in ED..."},
	{"nhs-tab-separated", NHSNumber, "6975669120", "697\t566\t9120",
		"pasted from the clinic list spreadsheet:\nPatient\tNHS\t\t\tClinic\nO'Connell\t697\t566\t9120\tMemory clinic"},
	{"nhs-thousand-separators", NHSNumber, "7158175634", "7,158,175,634",
		`Excel turned the NHS number column into numbers with commas, so the export shows 7,158,175,634 for the first patient in the respiratory clinic.`},
	{"nhs-zero-width", NHSNumber, "7349743726", "734\u200b974\u200b3726",
		"Copied from the EPR banner into the chat: WALSH, Bernadette (Mrs) NHS No. 734\u200b974\u200b3726. Can the AI draft a letter for her?"},
	{"nhs-en-dash", NHSNumber, "4383665888", "438–366–5888",
		`Letter pasted from Word: Re: Mr Alan Pugh (NHS 438–366–5888), seen in the falls clinic; please draft the GP summary in plain English.`},
	{"hc-northern-ireland-letter", NHSNumber, "3529379549", "352 937 9549",
		"Belfast Trust outpatient letter\nPatient: Seamus Quinn\nH&C Number: 352 937 9549\nSeen in the rheumatology clinic, methotrexate to continue."},
	{"hc-spoken-transcript", NHSNumber, "3663405893", "three six six, three four oh, five eight nine three",
		`scribe transcript: nurse: and your H and C number please patient: it's three six six, three four oh, five eight nine three nurse: grand, thanks`},

	// CHI numbers (Scotland).
	{"chi-run-together", CHINumber, "1407586637", "1407586637",
		`Discharge summary from the Royal Infirmary: Mr Callum Fraser, CHI 1407586637, admitted with a COPD exacerbation, home on day 4 with rescue pack.`},
	{"chi-six-four", CHINumber, "0304611107", "030461 1107",
		"GP referral (NHS Grampian)\nPatient: Morag Duncan\nCHI no: 030461 1107\nReason: new onset atrial fibrillation, please see in the AF clinic."},
	{"chi-spoken", CHINumber, "2209936500", "two two oh nine nine three, six five double oh",
		`scribe transcript: GP: and your CHI number? patient: two two oh nine nine three, six five double oh GP: thanks, and what brings you in today`},
	{"chi-dashed", CHINumber, "1101471441", "110147-1441",
		`Can the AI tidy up this note? Pt Isobel Grant, CHI: 110147-1441, seen at home by the district nurses, leg ulcer dressing changed.`},
	{"chi-scots-dialect", CHINumber, "2908850044", "2908850044",
		`Aye, the wee fella's CHI is 2908850044, can ye check he's oan the list for the asthma clinic next week? Cheers hen.`},
	{"chi-polish-scotland", CHINumber, "0703024051", "070302 4051",
		`Dzień dobry, pacjentka z Glasgow, numer CHI: 070302 4051, potrzebuje tłumacza na wizytę w przychodni. Czy AI może przetłumaczyć list?`},
	{"chi-llm-output", CHINumber, "3112668383", "311266 8383",
		"Draft letter generated by the assistant:\nRe: Mr Angus Munro, CHI 311266 8383\nThank you for seeing this gentleman with worsening heart failure."},

	// Dates of birth.
	{"dob-spoken-full", DateOfBirth, "", "the third of April nineteen sixty one",
		`scribe transcript: receptionist: can I take your date of birth please patient: it's the third of April nineteen sixty one receptionist: thank you`},
	{"dob-spoken-born", DateOfBirth, "", "born fourteenth July nineteen fifty eight",
		`voice note typed up: the lady in side room two was born fourteenth July nineteen fifty eight and she wants her daughter told about the scan`},
	{"dob-half-words", DateOfBirth, "", "twenty second of September 1993",
		`speech to text from the triage call: um D O B is er the twenty second of September 1993 and she's had the headache for three days`},
	{"dob-letter-slashes", DateOfBirth, "", "11/01/1947",
		"Elderly Care Clinic\nRe: Mrs Dorothy Ashworth\nDate of birth: 11/01/1947\nThank you for asking me to see this lady with recurrent falls."},
	{"dob-cui-banner", DateOfBirth, "", "Born 29-Aug-1985",
		`Copied the banner into the chat by mistake: PATEL, Sunil (Mr) | Born 29-Aug-1985 (40y) | Male. Can you help me word a letter about his sleep study?`},
	{"dob-welsh-dyddiad-geni", DateOfBirth, "", "Dyddiad geni: 07/03/2002",
		"Nodyn atgyfeirio\nEnw: Ffion Roberts\nDyddiad geni: 07/03/2002\nRheswm: poen yn yr abdomen ers tair wythnos."},
	{"dob-welsh-ganwyd", DateOfBirth, "", "ganwyd ar 31 Rhagfyr 1966",
		`Gofynnodd y claf, a ganwyd ar 31 Rhagfyr 1966, am gopi Cymraeg o'r llythyr. Allwch chi ei gyfieithu gyda'r AI?`},
	{"dob-polish-data-urodzenia", DateOfBirth, "", "data urodzenia: 15.06.1972",
		`Pani Zofia Wiśniewska, data urodzenia: 15.06.1972, prosi o list w języku polskim. Czy narzędzie AI może to przetłumaczyć?`},
	{"dob-urdu-paidaish", DateOfBirth, "", "paidaish ki tareekh 12-02-1955",
		`Ye note AI ko de do: Mr Rashid Mahmood, paidaish ki tareekh 12-02-1955, sugar ki dawai badalni hai, GP ko letter bhejna hai.`},
	{"dob-bengali-label", DateOfBirth, "", "জন্ম তারিখ: 03/09/1949",
		`রোগী: আব্দুল করিম, জন্ম তারিখ: 03/09/1949। অনুগ্রহ করে এই চিঠিটি ইংরেজিতে অনুবাদ করুন।`},
	{"dob-arabic-label", DateOfBirth, "", "تاريخ الميلاد: 21/05/1980",
		`المريضة: فاطمة حسن، تاريخ الميلاد: 21/05/1980. يرجى ترجمة رسالة العيادة إلى الإنجليزية للطبيب العام.`},
	{"dob-romanian-label", DateOfBirth, "", "data nașterii: 09.11.1990",
		`Pacient: Andrei Popescu, data nașterii: 09.11.1990, vine la clinica de diabet săptămâna viitoare. Puteți traduce scrisoarea?`},
	{"dob-llm-json-iso", DateOfBirth, "", `"date_of_birth": "1962-10-08"`,
		`Model output (structured extraction): {"name": "Trevor Blake", "date_of_birth": "1962-10-08", "problem": "type 2 diabetes", "plan": "start metformin"}`},
	{"dob-safeguarding-dotted-abbrev", DateOfBirth, "", "d.o.b. 18 Oct 2019",
		"Safeguarding note (draft for the strategy meeting)\nChild: Kayden Morris, d.o.b. 18 Oct 2019\nConcern: repeated missed health visitor appointments."},
	{"dob-spoken-birthday", DateOfBirth, "", "your birthday is the second of February two thousand and one",
		`transcript: pharmacist: just to check, your birthday is the second of February two thousand and one? patient: yes that's right`},

	// Hospital numbers.
	{"hosp-letter-label", HospitalNumber, "", "RXH4471203",
		"Orthopaedic Clinic\nRe: Mr Graham Tully\nHospital No: RXH4471203\nSeen six weeks after his hip replacement; wound healed, mobilising with one stick."},
	{"hosp-mrn", HospitalNumber, "", "MRN 00482913",
		`Can Copilot summarise this? MRN 00482913, admitted via ED with sepsis of unknown source, now on the ward, family asking for an update.`},
	{"hosp-unit-no", HospitalNumber, "", "Unit No: K0739211",
		"Discharge letter draft\nUnit No: K0739211\nDiagnosis: cellulitis left leg\nAntibiotics: flucloxacillin, 7 days total."},
	{"hosp-pas-no", HospitalNumber, "", "PAS no 2290871",
		`voice note: PAS no 2290871 needs rebooking into the fracture clinic, she missed her appointment because of the bus strike`},
	{"hosp-case-note", HospitalNumber, "", "case note number M415522",
		`Please pull case note number M415522 for the respiratory MDT on Thursday; the AI summary of the last admission is attached.`},
	{"hosp-welsh-rhif-ysbyty", HospitalNumber, "", "Rhif ysbyty: A1234567",
		"Llythyr rhyddhau\nRhif ysbyty: A1234567\nDiagnosis: trawiad ar y galon\nCynllun: adsefydlu cardiaidd."},
	{"hosp-local-patient-id", HospitalNumber, "", "LPI 88302157",
		`Export row that went into the prompt by mistake: LPI 88302157; attendance ED; outcome admitted; ward AMU; consultant Dr Ng.`},
	{"hosp-llm-output", HospitalNumber, "", "BH0612877",
		"Generated summary:\nHospital Number: BH0612877\nPresenting complaint: chest pain\nOutcome: troponin negative, discharged with outpatient stress test."},
	{"hosp-polish-label", HospitalNumber, "", "numer szpitalny (hospital no) SH4410982",
		`Pacjent ma numer szpitalny (hospital no) SH4410982, czy możecie wysłać wypis do przychodni? Dziękuję bardzo.`},

	// National Insurance numbers.
	{"ni-letter", NINumber, "", "JT 48 21 93 A",
		"Social work referral\nName: Leonard Briggs\nNI number: JT 48 21 93 A\nNeeds a care assessment before discharge; lives alone, stairs at home."},
	{"ni-nino-compact", NINumber, "", "NP620841D",
		`Benefits letter pasted for the welfare rights summary: NINO: NP620841D, PIP review due, please help draft the supporting letter from the GP.`},
	{"ni-spoken", NINumber, "", "S K five five, one nine, oh four, C",
		`transcript from the discharge coordinator call: his national insurance is S K five five, one nine, oh four, C and the DWP want it for the form`},
	{"ni-polish", NINumber, "", "WL 30 72 68 B",
		`Pacjent prosi o pomoc z formularzem PIP, numer NI: WL 30 72 68 B. Czy AI może pomóc napisać list od lekarza?`},
	{"ni-romanian", NINumber, "", "PR 81 46 27 A",
		`Doamna are nevoie de scrisoare pentru DWP, numărul de asigurare (NI): PR 81 46 27 A. Poate AI-ul să redacteze scrisoarea?`},
	{"ni-eval-output", NINumber, "", "HT 19 40 57 C",
		`eval case 42 FAIL: model output still contains "NI no. HT 19 40 57 C" after redaction; expected the NI number to be removed.`},
	{"ni-urdu-mixed", NINumber, "", "ZE 77 31 02 B",
		`Mareez ka N.I. no. ZE 77 31 02 B hai, usko sick note ke liye letter chahiye, AI se draft karwa sakte hain?`},

	// Phone numbers.
	{"phone-spoken-double-oh", Phone, "", "oh seven seven double oh, nine one two, four six three",
		`voice note: can someone ring the daughter, her mobile is oh seven seven double oh, nine one two, four six three, about the discharge tomorrow`},
	{"phone-letter-mobile", Phone, "", "07812 446 903",
		"Re: Mrs Pauline Hartley\nPlease contact the patient directly on 07812 446 903 to arrange the follow-up scan, as she does not check her post."},
	{"phone-llm-intl", Phone, "", "+44 7934 281 506",
		`Draft from the assistant: "We tried to contact Mr Okonkwo on +44 7934 281 506 without success and have written to him instead."`},
	{"phone-manchester-landline", Phone, "", "(0161) 237 4819",
		`Patient's home number is (0161) 237 4819, she's hard of hearing so let it ring for a while. Can the AI draft the appointment letter too?`},
	{"phone-welsh-symudol", Phone, "", "07968 223 715",
		`Nodyn: Mr Dafydd Huws, rhif ffôn symudol 07968 223 715, eisiau apwyntiad yn y clinig Cymraeg os yn bosibl.`},
	{"phone-belfast-landline", Phone, "", "028 9032 4471",
		`Northern Ireland referral: the patient's mother can be reached on 028 9032 4471 in the evenings; please don't leave a message.`},
	{"phone-polish-kom", Phone, "", "07723 418 560",
		`Pani Nowak, tel. kom. 07723 418 560, prosi o telefon w sprawie wyników badań krwi. Czy możecie oddzwonić?`},
	{"phone-urdu-beti", Phone, "", "07455 310 982",
		`Mareez ki beti ka number 07455 310 982 hai, woh translation karti hai, appointment ke liye usko call karein please.`},
	{"phone-bengali-label", Phone, "", "07391 884 226",
		`রোগীর মোবাইল: 07391 884 226, অনুগ্রহ করে অ্যাপয়েন্টমেন্টের জন্য ফোন করুন। She prefers Sylheti.`},
	{"phone-spoken-cardiff-landline", Phone, "", "oh two nine, two oh seven four, five five one nine",
		`transcript: patient: you can get me at home on oh two nine, two oh seven four, five five one nine clinician: great I'll pop that on the letter`},
	{"phone-portuguese-telemovel", Phone, "", "07508 664 137",
		`O doente pede contacto pelo telemóvel 07508 664 137 para marcar a consulta de seguimento; fala pouco inglês.`},
	{"phone-chatbot-run-together", Phone, "", "07884116250",
		"User: can you write a text message to remind this patient about her smear, number is 07884116250\nAssistant: Here's a friendly reminder message..."},

	// Personal email addresses.
	{"email-welsh-letter", Email, "", "gwen.pritchard62@btinternet.com",
		`Mae Mrs Pritchard eisiau'r llythyr drwy e-bost: gwen.pritchard62@btinternet.com. Allwch chi ddrafftio'r llythyr yn Gymraeg?`},
	{"email-polish", Email, "", "tomasz.wiatr84@outlook.com",
		`Pacjent prosi o wysłanie wyników na e-mail: tomasz.wiatr84@outlook.com, nie odbiera telefonu w pracy.`},
	{"email-relative-nhs-net", Email, "", "amira.haddad@nhs.net",
		`The patient's daughter works in pharmacy here and asked for discharge updates to amira.haddad@nhs.net, can the AI draft the email?`},
	{"email-punjabi-family", Email, "", "rkaur.family@gmail.com",
		`Bebe ji di report is email te bhej deo: rkaur.family@gmail.com, unha da beta London rehnda hai te English vich letter chahida.`},
	{"email-spoken", Email, "", "j dot okafor seventy one at gmail dot com",
		`voice note: the patient wants results by email, it's j dot okafor seventy one at gmail dot com, she said lower case`},
	{"email-plus-tag", Email, "", "sam.ellery+nhs@yahoo.co.uk",
		`Patient asked us to use sam.ellery+nhs@yahoo.co.uk for appointment letters as it filters into a separate folder.`},
	{"email-llm-output", Email, "", "maria.costa.pt@hotmail.com",
		"Draft generated:\nDear Ms Costa,\nWe will send your results to maria.costa.pt@hotmail.com as requested.\nKind regards, the Diabetes Team"},
	{"email-arabic-label", Email, "", "yousef.nasser.family@gmail.com",
		`المريض يطلب إرسال الرسالة إلى البريد الإلكتروني: yousef.nasser.family@gmail.com بدلا من البريد العادي.`},

	// Postcodes next to a patient's name.
	{"postcode-welsh-address", Postcode, "", "CF83 1AB",
		"Llythyr i: Mrs Eirlys Morgan, 14 Heol y Nant, Caerffili CF83 1AB\nPwnc: apwyntiad yn y clinig llygaid. Please translate with the AI."},
	{"postcode-transcript", Postcode, "", "M14 5RT",
		`scribe transcript: receptionist: and you're still at the same address Mr Nowak? patient: no, I moved, it's flat 3, 27 Wilmslow Road, M14 5RT now`},
	{"postcode-patient-line", Postcode, "", "B21 9QP",
		"Referral pasted for the AI summary:\nPatient: Ravinder Kaur, B21 9QP\nReason: knee pain, x-ray shows moderate osteoarthritis."},
	{"postcode-scottish-safeguarding", Postcode, "", "EH7 5QP",
		"Safeguarding concern (draft): Jean McAllister, EH7 5QP, found confused at the bus stop twice this week; neighbour worried."},
	{"postcode-llm-structured", Postcode, "", "E1 6QR",
		"Extracted by the model:\nName: Fatima Begum\nPostcode: E1 6QR\nLanguage: Sylheti\nNeeds interpreter: yes"},
}

// ---------------------------------------------------------------------------

// r10LineAt returns the line of text holding byte offset off.
func r10LineAt(text string, off int) string {
	if off < 0 {
		off = 0
	}
	if off > len(text) {
		off = len(text)
	}
	start := strings.LastIndexByte(text[:off], '\n') + 1
	end := strings.IndexByte(text[off:], '\n')
	if end < 0 {
		return text[start:]
	}
	return text[start : off+end]
}

func r10CheckLength(t *testing.T, name, text string) {
	t.Helper()
	if len(text) < 40 || len(text) > 1500 {
		t.Errorf("case %s is itself wrong: %d bytes (want 40 to 1500)", name, len(text))
	}
}

func TestReview10Ordinary(t *testing.T) {
	s := New(DefaultAllowList())
	if len(r10Ordinary) != 160 {
		t.Errorf("want 160 ordinary texts, have %d", len(r10Ordinary))
	}
	seen := map[string]bool{}
	refused := 0
	for _, c := range r10Ordinary {
		if seen[c.name] {
			t.Errorf("duplicate case name %s", c.name)
		}
		seen[c.name] = true
		r10CheckLength(t, c.name, c.text)
		fs := s.Find(c.text)
		if len(fs) == 0 {
			continue
		}
		refused++
		for _, f := range fs {
			t.Errorf("ordinary %s refused as %s; line: %q; matched: %q",
				c.name, f.Kind, r10LineAt(c.text, f.Start), c.text[f.Start:f.End])
		}
	}
	t.Logf("review10: ordinary refused %d/%d", refused, len(r10Ordinary))
}

func TestReview10Hidden(t *testing.T) {
	s := New(DefaultAllowList())
	if len(r10HiddenCases) != 87 { // 90 written, three left (see the header)
		t.Errorf("want 87 hidden texts, have %d", len(r10HiddenCases))
	}
	seen := map[string]bool{}
	missed := 0
	for _, c := range r10HiddenCases {
		if seen[c.name] {
			t.Errorf("duplicate case name %s", c.name)
		}
		seen[c.name] = true
		r10CheckLength(t, c.name, c.text)
		if c.nhs != "" && !ValidNHSNumber(c.nhs) {
			t.Errorf("case %s is itself wrong: %s fails modulus 11", c.name, c.nhs)
		}
		at := strings.Index(c.text, c.needle)
		if at < 0 {
			t.Errorf("case %s is itself wrong: needle not in text", c.name)
			at = 0
		}
		fs := s.Find(c.text)
		found := false
		var kinds []string
		for _, f := range fs {
			kinds = append(kinds, string(f.Kind))
			if f.Kind == c.kind ||
				(c.kind == NHSNumber && f.Kind == CHINumber) ||
				(c.kind == CHINumber && f.Kind == NHSNumber) {
				found = true
			}
		}
		if !found {
			missed++
			t.Errorf("hidden %s missed: want %s, got [%s]; line: %q",
				c.name, c.kind, strings.Join(kinds, ","), r10LineAt(c.text, at))
		}
	}
	t.Logf("review10: hidden missed %d/%d", missed, len(r10HiddenCases))
}
