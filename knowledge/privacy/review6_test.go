package privacy

// Review 6: adversarial black-box cases written from DESIGN.md ("Privacy screen")
// and the NHS AI guidance notes section 4 only (December 2026), after the
// fifth review's fixes.
//
// When it ran (screen at b779808), 8 of its 200 ordinary messages were
// refused and 5 of its 100 identifiers missed. Fixed: trust and programme
// mailboxes with a hyphen ("lth-tr.ai-programme@nhs.net",
// "england.ig-corporate@nhs.net"); a build number read as a phone
// ("10.0.19045.3930"); a CSV of metrics read as an NHS number; hospital
// numbers typed MR in HL7 PID-3 and FHIR; "Patient: Doreen Walsh" beside a
// postcode (TestReview6Rules). Taken out of the lists and left:
//   - "Cost code 61234 / 71120 / 80045": ten digits in the 5-5 grouping
//     people write an NHS number in, with a valid check digit; refused,
//     which costs a rephrase;
//   - "eva@nice.org.uk": "eva" is a first name, and the screen cannot know
//     this one is the early value assessment team's;
//   - "GOSH DRIVE lives at Great Ormond Street, London WC1N 3JH": "lives
//     at" says a person's home;
//   - "Walton Centre, … L9 7LJ (Dr Kim Osei is our contact there)": a
//     name near a postcode, staff or not (DESIGN's rule).
// Two more left at first are refused now: "NHS No. 48l 172 7959", a
// lower-case L for a one (TestFindReadsLetterLAsOne), and "| Hospital no
// | Ward |\n| RXF3321987 | 23 |", a label in a table's header with its
// value a row below (TestFindHospitalNumberBelowItsLabel).

import "testing"

type r6Ordinary struct{ name, text string }

type r6Ident struct {
	name string
	kind any
	text string
}

func r6KindOK(want, got any) bool {
	if want == got {
		return true
	}
	nhsish := func(k any) bool { return k == any(NHSNumber) || k == any(CHINumber) }
	return nhsish(want) && nhsish(got)
}

var r6OrdinaryCases = []r6Ordinary{
	{"o-tbl-costs-pipe", "| Site | Licences | Cost (£) |\n|---|---|---|\n| St James's | 120 | 14,400 |\n| Leeds General | 85 | 10,200 |"},
	{"o-tbl-scans-tab", "Site\tScans/day\tBacklog\nAiredale\t312\t1,045\nBradford\t498\t2,310\nHarrogate\t205\t640"},
	{"o-tbl-golive-csv", "trust,ods_code,go_live,users\nRXF,RXF,2024-03-04,412\nRR8,RR8,2024-05-13,1290\nRAE,RAE,2024-07-01,388"},
	{"o-tbl-quarter", "Q1 2024/25 | 1,234 reports | 98.2% agreement | £45,000 spend"},
	{"o-tbl-tat", "TAT median 42 min (was 3 h 10 min); p90 2 h 05 min; n = 2,417 studies"},
	{"o-tbl-staff", "| Name | Role | Contact |\n|---|---|---|\n| Dr Priya Shah | CCIO | england.aiteam@nhs.net |\n| Tom Ellis | Digital PM | ext 4417 |"},
	{"o-tbl-budget", "Year 1: £120,000; Year 2: £95,500; Year 3: £80,250 (total £295,750)"},
	{"o-tbl-seat", "Licence cost per seat £12.50/month x 3,400 seats = £42,500/month"},
	{"o-tbl-dna-csv", "month,appointments,dna,dna_rate\n2024-01,10234,812,7.9\n2024-02,9876,701,7.1\n2024-03,11002,655,6.0"},
	{"o-tbl-sites-tab", "Hospital\tPostcode\tBeds\nFreeman Hospital\tNE7 7DN\t800\nRoyal Victoria Infirmary\tNE1 4LP\t1,100"},
	{"o-tbl-waits", "| Specialty | Waiting | >52 wks | >65 wks |\n| Dermatology | 4,812 | 311 | 27 |\n| ENT | 6,140 | 402 | 31 |\n| Ophthalmology | 9,221 | 188 | 9 |"},
	{"o-tbl-ai-accuracy", "Model | Sens | Spec | AUC\nv1.2 | 0.91 | 0.87 | 0.934\nv1.3 | 0.93 | 0.88 | 0.941"},
	{"o-tbl-hours-saved", "Hours saved per month: 1,120 (admin) + 340 (clinical) = 1,460 ≈ 9.7 WTE at 37.5 h/wk"},
	{"o-tbl-phone-extns", "Team\tExt\tBleep\nPACS\t54321\t1234\nEPR support\t54788\t2210\nIG\t53010\t—"},
	{"o-tbl-procurement", "Lot 2 | Supplier A | £1,245,600 | 36 months | Framework RM6221"},
	{"o-tbl-usage-csv", "date,queries,users,avg_latency_ms\n2025-01-06,1532,214,812\n2025-01-07,1610,220,790\n2025-01-08,1498,209,845"},
	{"o-tbl-ward-metrics", "Ward 23 (Lister) | falls 4 | pressure ulcers 1 | staffing fill 96% | 12/12 shifts covered"},
	{"o-tbl-icb-money", "ICB allocation 2024/25: £3.2bn; digital line £18.4m; AI fund bid £250k (ref DF-2024-0117)"},
	{"o-tbl-summary-md", "**Pilot summary**\n- Sites: 4\n- Clinicians trained: 126\n- Letters drafted: 18,930\n- Time per letter: 11 → 4 min"},
	{"o-tbl-ods-codes", "ODS codes in scope: RXF, RR8, RAE, RCF, RWY, RXG and practices B86001, B86002, B86003"},
	{"o-tbl-dates-row", "| Phase | Start | End |\n| Discovery | 01/02/2024 | 31/03/2024 |\n| Alpha | 02/04/2024 | 28/06/2024 |\n| Beta | 01/07/2024 | 31/12/2024 |"},
	{"o-tbl-finance-nums", "Budget 2,450,000 Actual 2,387,912 Variance 62,088"},
	{"o-tbl-throughput-csv", "\"site\",\"reports\",\"mins_saved\"\n\"Pinderfields\",3401,10203\n\"Dewsbury\",1702,5106\n\"Pontefract\",998,2994"},
	{"o-tbl-bed-state", "Bed state 08:00: G&A 1,046/1,102 occupied, 14 escalation, 38 NCTR"},
	{"o-tbl-rota", "Mon 09:00-17:00 Dr Amara Okoye (radiology lead); Tue 09:00-17:00 Dr Ben Wu; Wed off-site"},
	{"o-tbl-invoice", "Invoice INV-2024-001245 for £18,000 + VAT, PO 4500 1234, due 30 days"},
	{"o-tbl-contacts-csv", "team,mailbox,phone\nAI programme,england.aiteam@nhs.net,0300 311 22 33\nIG,england.ig-corporate@nhs.net,0300 311 22 33"},
	{"o-tbl-latency", "p50 420ms p95 1,830ms p99 3,210ms over 10,245 requests"},
	{"o-tbl-capacity", "CT: 3 scanners x 14h x 7d = 294 scanner-hours/wk; MRI: 2 x 12h x 6d = 144"},
	{"o-tbl-dept-codes", "Cost centres 110-220 and 110-221 were merged in April (old codes 4417 and 4418)"},
	{"o-hl7-msh", "MSH|^~\\&|RADIS|RXF|PACS|RXF|20240304101500||ORM^O01|MSG00001|P|2.4"},
	{"o-hl7-ack", "MSA|AA|MSG00001|Message accepted\nERR|||0^Message accepted^HL70357"},
	{"o-hl7-obr", "OBR|1|ORD448812|FIL998877|XR CHEST^Chest X-ray^L|||20240304093000"},
	{"o-fhir-bundle-empty", "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0,\"link\":[{\"relation\":\"self\",\"url\":\"https://fhir.example.nhs.uk/Patient?_count=50\"}]}"},
	{"o-fhir-system", "Identifier system should be \"https://fhir.nhs.uk/Id/nhs-number\" with use \"official\" – our adapter sent \"usual\""},
	{"o-fhir-oo", "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"processing\",\"diagnostics\":\"INVALID_RESOURCE_ID\"}]}"},
	{"o-fhir-capability", "GET /FHIR/R4/metadata returned fhirVersion 4.0.1, software \"HAPI FHIR Server\" version 6.10.2"},
	{"o-fhir-codesystem", "\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"73211009\",\"display\":\"Diabetes mellitus\"}]"},
	{"o-json-llm-config", "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"max_tokens\":800,\"top_p\":1}"},
	{"o-json-metrics", "{\"site\":\"RXF\",\"window\":\"2025-01-01/2025-01-31\",\"requests\":15320,\"refusals\":12,\"p95_ms\":1830}"},
	{"o-json-schema", "{\"type\":\"object\",\"properties\":{\"nhs_number\":{\"type\":\"string\",\"pattern\":\"^[0-9]{10}$\"},\"dob\":{\"type\":\"string\",\"format\":\"date\"}}}"},
	{"o-json-error", "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\",\"retry_after\":30}}"},
	{"o-hl7-seg-spec", "PID-3 holds the patient identifier list and PID-7 the date/time of birth; we strip both before the feed hits the model"},
	{"o-fhir-pds-url", "Calling https://sandbox.api.service.nhs.uk/personal-demographics/FHIR/R4/Patient/{id} from the sandbox returns a fixture"},
	{"o-xml-cda", "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><templateId root=\"2.16.840.1.113883.10.20.22.1.1\"/></ClinicalDocument>"},
	{"o-dicom-tag", "DICOM tag (0010,0030) is PatientBirthDate and (0010,0020) PatientID – the anonymiser blanks both"},
	{"o-ticket-inc", "Raised INC0012345 with the service desk – EPR login loop after the 22H2 update"},
	{"o-ticket-chg", "CHG0045821 approved at CAB on 12/03/2025, implementation window 19:00–23:00"},
	{"o-ticket-ritm", "RITM0098765 for 40 Copilot licences is with procurement"},
	{"o-ticket-jira", "Jira KBB-1423 (privacy false positives) moved to In Review, PR #318"},
	{"o-ticket-sr", "SR 2024-001234 logged with supplier; their ref CS-00987654"},
	{"o-ticket-problem", "Problem record PRB0004411 linked to incidents INC0012345 and INC0012399"},
	{"o-ticket-datix", "Datix ref W123456 raised for the near miss, no harm"},
	{"o-ticket-ig", "DPIA ref DPIA-2024-017 signed off by the Caldicott Guardian on 4 June"},
	{"o-ticket-azure", "Azure subscription 3fa85f64-5717-4562-b3fc-2c963f66afa6, resource group rg-ai-prod-uks"},
	{"o-ticket-cab", "CAB minutes 2025-02-11: CHG0051122, CHG0051130 approved; CHG0051141 deferred"},
	{"o-ticket-vendor", "Vendor case 00123456 – licence server returning error 0x80070005"},
	{"o-mbx-england", "Send lessons to england.aiteam@nhs.net and we'll add them"},
	{"o-mbx-trust", "Queries to lth-tr.ai-programme@nhs.net please, not to me directly"},
	{"o-mbx-servicedesk", "If it breaks, email servicedesk@nhs.net or the trust IT mailbox"},
	{"o-mbx-ig", "Our IG team is on information.governance@mft.nhs.uk – they turned the DPIA round in a week"},
	{"o-mbx-dpo", "The DPO mailbox (dpo@leedsth.nhs.uk) wants the data flow diagram first"},
	{"o-mbx-digital", "england.digitaltechnology@nhs.net runs the AI deployment platform calls"},
	{"o-mbx-noreply", "The alerts come from noreply@kbbot.nhs.uk so add it to safe senders"},
	{"o-mbx-transform", "transformation.team@nhs.net and pmo.digital@nhs.net both need copying in"},
	{"o-mbx-caldicott", "caldicott.guardian@nhs.net is the right address for the sign-off"},
	{"o-mbx-helpdesk", "helpdesk@hra.nhs.uk confirmed no REC approval needed for service evaluation"},
	{"o-mbx-ictsd", "lth-tr.ictservicedesk@nhs.net for password resets"},
	{"o-mbx-radiology", "Radiology ops mailbox: radiology.operations@nhs.net"},
	{"o-hosp-jr", "We piloted at the John Radcliffe and the Churchill first"},
	{"o-hosp-qeh", "Queen Elizabeth Hospital Birmingham went live with ambient scribing in March"},
	{"o-hosp-addenbrookes", "Addenbrooke's and the Rosie both use the same Epic build"},
	{"o-hosp-alderhey", "Alder Hey's innovation hub ran the chatbot for the Jenny Lind team"},
	{"o-hosp-gosh", "Great Ormond Street shared their DPIA template with us"},
	{"o-hosp-william-harvey", "William Harvey Hospital in Ashford had the best uptake"},
	{"o-hosp-george-eliot", "George Eliot Hospital's pathology team are keen to join"},
	{"o-hosp-mary-seacole", "Training is in the Mary Seacole building, room 2.14"},
	{"o-hosp-nightingale", "Florence Nightingale ward were the first to try the handover summariser"},
	{"o-hosp-freeman", "Freeman Hospital cardiothoracic used it for MDT prep"},
	{"o-hosp-christie", "The Christie's research team have a similar tool for oncology letters"},
	{"o-hosp-aneurin", "Aneurin Bevan University Health Board are a year ahead of us on this"},
	{"o-hosp-morriston", "Morriston Hospital and Singleton shared their rollout plan"},
	{"o-hosp-walton", "The Walton Centre's neuro team found the transcription poor for drug names"},
	{"o-hosp-ninewells", "Ninewells in Dundee use CHI-based lookups but the bot never sees them"},
	{"o-hosp-royal-marsden", "Royal Marsden's AI lead Dr Hannah Reid presented at the webinar"},
	{"o-pc-jr", "John Radcliffe Hospital, Headley Way, Oxford OX3 9DU – parking is awful, use the park and ride"},
	{"o-pc-sjuh", "The workshop is at St James's University Hospital, Beckett Street, Leeds LS9 7TF"},
	{"o-pc-lgi", "Leeds General Infirmary (LS1 3EX) hosts the clinical safety officer training"},
	{"o-pc-qeh", "Queen Elizabeth Hospital Birmingham, Mindelsohn Way, B15 2GW"},
	{"o-pc-addenbrookes", "Send the kit to Addenbrooke's Hospital, Hills Road, Cambridge CB2 0QQ"},
	{"o-pc-quarry", "NHS England, Quarry House, Quarry Hill, Leeds LS2 7UE"},
	{"o-pc-wellington", "Meeting at Wellington House, 133-155 Waterloo Road, London SE1 8UG on 14 March"},
	{"o-pc-alderhey", "Alder Hey Children's Hospital, East Prescot Road, Liverpool L14 5AB"},
	{"o-pc-christie", "The Christie, Wilmslow Road, Manchester M20 4BX"},
	{"o-pc-icb", "West Yorkshire ICB, White Rose House, Wakefield WF1 1LT"},
	{"o-pc-gp", "Our GP pilot site is Park Lane Surgery, 14 Park Lane, Halifax HX1 2ZZ"},
	{"o-pc-gp-two", "Practices in the PCN: Moor Grange (LS16 5PE) and Holt Park (LS16 7RX)"},
	{"o-pc-ninewells", "Ninewells Hospital, Dundee DD1 9SY has the CHI team"},
	{"o-pc-morriston", "Morriston Hospital, Heol Maes Eglwys, Swansea SA6 6NL"},
	{"o-pc-venue-table", "| Venue | Postcode | Date |\n| Quarry House | LS2 7UE | 12 May |\n| Skipton House | SE1 6LH | 19 May |"},
	{"o-pc-northern-general", "Northern General Hospital, Herries Road, Sheffield S5 7AU"},
	{"o-date-golive", "Go-live is 03/04/2024 for ED and 06/05/2024 for AMU"},
	{"o-date-board", "Paper goes to Trust Board on 14 March 2025"},
	{"o-date-live", "We went live on the 3rd of April 2024 after two false starts"},
	{"o-date-steering", "Steering group Tues 12/11 at 14:00 in the boardroom"},
	{"o-date-iso", "Release 2025-01-15, hotfix 2025-01-17"},
	{"o-date-born-project", "The idea was born at a hackathon in May 2023"},
	{"o-date-dob-field", "We removed the DOB column from the extract before anyone saw it"},
	{"o-date-dob-format", "The date of birth field on the form is DD/MM/YYYY but the API wants ISO 8601"},
	{"o-date-contract", "Contract runs 01.04.2024 to 31.03.2027 with a break clause at 18 months"},
	{"o-date-training", "Training dates: 7 Oct, 14 Oct, 21 Oct (all 10:00–12:00)"},
	{"o-date-since", "Since 1 April 2023 we have saved 2,100 hours of typing"},
	{"o-date-birthday", "It's the programme's first birthday on 12 June – cake in the hub"},
	{"o-date-deadline", "DSPT submission deadline 30/06/2025"},
	{"o-date-range", "Data window 01/01/2024–31/12/2024 only"},
	{"o-date-dob-validation", "Validation rule: DOB must not be after admission date"},
	{"o-date-friday", "Cut-over Fri 28/02 from 18:00, rollback by Sat 01/03 06:00"},
	{"o-date-born-in-nhs", "The NHS was born on 5 July 1948 and the bot launched on its birthday"},
	{"o-ver-app", "Upgraded kbbot to v2.4.1 – search is noticeably faster"},
	{"o-ver-fhir", "We target FHIR R4 (4.0.1) and UK Core 2.0.0"},
	{"o-ver-hl7", "Feed is HL7 v2.5.1 but the old one was 2.3"},
	{"o-ver-python", "Python 3.11.4, torch 2.1.2, transformers 4.36.2"},
	{"o-ver-emis", "EMIS Web 9.12.4 broke the template again"},
	{"o-ver-windows", "Build 10.0.19045.3930 is the one the gold image uses"},
	{"o-ver-epic", "Epic May 2024 upgrade (version 11.3.2) moved the button"},
	{"o-ver-model", "Model card v0.9.3-rc2 published, sha 9f2c1ab"},
	{"o-ver-ios", "Works on iOS 17.4.1, breaks on Android 12 (build SP1A.210812.016)"},
	{"o-ver-ip", "The scribe server is on 10.210.14.33 port 8443"},
	{"o-ph-111", "Tell patients to call 111 if the app is down, or 999 in an emergency"},
	{"o-ph-0300", "NHS England contact centre is 0300 311 22 33"},
	{"o-ph-0800", "Supplier support line 0800 028 2820, 24/7"},
	{"o-ph-0845", "The old 0845 46 47 number is still on some leaflets"},
	{"o-ph-switch-leeds", "Leeds Teaching Hospitals switchboard: 0113 243 3144, ask for the digital team"},
	{"o-ph-switch-gstt", "Guy's and St Thomas' switchboard is 020 7188 7188"},
	{"o-ph-switch-mft", "Manchester University NHS FT switchboard 0161 276 1234"},
	{"o-ph-samaritans", "Staff wellbeing: Samaritans 116 123, or the 24/7 line 0300 131 7000"},
	{"o-ph-ext", "Ring me on ext 54321 or bleep 1234"},
	{"o-ph-0300-helpdesk", "Helpdesk 0300 303 5035 (option 2 for passwords)"},
	{"o-ph-111-option", "111 option 2 for mental health crisis"},
	{"o-ph-0800-tab", "Service\tNumber\nNHS 111\t111\nSupport\t0800 085 1233"},
	{"o-staff-cclo", "Dr Sarah Okafor (CCIO) presented the results to the board"},
	{"o-staff-consultant", "Mr James Patel, consultant radiologist, was the clinical lead"},
	{"o-staff-ig", "Thanks to Mrs Helen Brown, our IG lead, for the quick turnaround"},
	{"o-staff-list", "Core team: Aisha Khan (PM), Gareth Lloyd (CSO), Mei Lin (data scientist), Joe Bloggs (BA)"},
	{"o-staff-cso", "Clinical safety officer Dr Rhys Evans signed the DCB0160 hazard log"},
	{"o-staff-mention", "@Lucy Green can you share the slide deck from Tuesday?"},
	{"o-staff-handover", "Handing over to Mohammed Ali while I'm on leave 14–25 April"},
	{"o-code-regex", "Our pattern was `\\d{3} \\d{3} \\d{4}` which caught phone numbers too"},
	{"o-code-go", "for i := 0; i < 9; i++ { sum += int(d[i]) * (10 - i) }"},
	{"o-code-sql", "SELECT COUNT(*) FROM referrals WHERE created_at >= '2024-04-01' AND status = 'triaged';"},
	{"o-code-sql-cols", "SELECT nhs_number, dob, postcode FROM patients WHERE 1 = 0; -- schema check only"},
	{"o-code-curl", "curl -s -H \"Authorization: Bearer $TOKEN\" https://api.example.nhs.uk/v1/status?since=2025-01-01"},
	{"o-code-url", "Guidance: https://www.england.nhs.uk/long-read/guidance-on-the-use-of-ai-enabled-ambient-scribing-products/"},
	{"o-code-url-digital", "https://digital.nhs.uk/services/personal-demographics-service/fhir-api for the PDS docs"},
	{"o-code-python", "df = df.drop(columns=[\"nhs_number\", \"date_of_birth\", \"postcode\"])"},
	{"o-code-docker", "docker run -p 3000:3000 -e KBBOT_SEED=off ghcr.io/nhs-ai-cop/kbbot:1.4.2"},
	{"o-code-stacktrace", "panic: runtime error: index out of range [10] with length 10\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:42 +0x1d"},
	{"o-code-log", "2025-01-14T10:22:31.123Z INFO request_id=7f3a2c latency_ms=812 status=200"},
	{"o-code-hash", "commit 9f2c1ab4e77d0c3a5b1e2f8d6c4a0b9e7d5f3a21"},
	{"o-code-env", "OPENAI_BASE_URL=https://aoai-uks.openai.azure.com/ KBBOT_LLM_TIMEOUT=10s"},
	{"o-code-excel", "=IF(AND(B2>=18,B2<=65),\"adult\",\"other\") across 1,200 rows"},
	{"o-misc-nhs-number-talk", "How do other trusts stop people pasting NHS numbers into ChatGPT?"},
	{"o-misc-test-range", "Use the 999 test range for fixtures, never real numbers"},
	{"o-misc-mrn-lookup", "MRN lookup is slow in the new PAS – anyone else?"},
	{"o-misc-hosp-number", "Hospital number matching between the two PAS systems failed for about 3% of records"},
	{"o-misc-unit-no", "The unit no. field is mandatory on the request form"},
	{"o-misc-pas-id", "PAS ID mapping is done by the integration engine, not us"},
	{"o-misc-ni-talk", "Staff onboarding needs an NI number but the bot never asks for it"},
	{"o-misc-postcode-talk", "We only hold the outward code (LS9) for the equity analysis"},
	{"o-misc-age", "Patients aged 40–74 were eligible; 65+ were prioritised"},
	{"o-misc-ward", "Ward 12, bay 3 had the dictation pilot"},
	{"o-misc-phone-talk", "Don't put mobile numbers in the chat, use the switchboard"},
	{"o-misc-money-spaced", "The total was 1 245 300 pounds across three years"},
	{"o-misc-coords", "Site coordinates 53.8008, -1.5491 for the map"},
	{"o-misc-long-count", "Since launch the model has processed 12,345,678 tokens"},
	{"o-misc-time-series", "Mon 412, Tue 398, Wed 455, Thu 430, Fri 377 queries"},
	{"o-misc-doi", "Paper: doi:10.1136/bmj-2023-076543"},
	{"o-misc-gmc", "Please don't share GMC numbers either, they identify staff"},
	{"o-misc-odscode", "Practice code Y02345 joined the pilot this week"},
	{"o-misc-dates-multi", "Meetings 02/05, 16/05, 30/05 and 13/06"},
	{"o-misc-snomed-long", "Concept 1049341000000100 isn't in our refset yet"},
	{"o-misc-count-slash", "2/3 sites live, 14/20 wards trained, 180/250 staff"},
	{"o-misc-postcode-bare", "Postcode lookup uses the ONS NSPL file (Nov 2024)"},
	{"o-misc-born-leeds", "I was born and bred in Leeds so happy to host the meetup"},
	{"o-misc-ai-dob", "Does anyone's ambient scribe hear dates of birth wrongly? Ours mishears 'fifteen' as 'fifty'"},
	{"o-misc-dob-quoted", "The DOB check in the prompt says \"never include a date of birth\""},
	{"o-misc-age-stats", "Median age 71 (IQR 58–82), 54% female"},
	{"o-misc-bleep", "Bleep 4412 or the on-call reg via switchboard"},
	{"o-misc-meeting-link", "Teams: https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA4 Meeting ID 345 678 901 23 Passcode Ab12Cd"},
	{"o-misc-dial-in", "Dial in: 020 3855 5885 (UK toll), conference ID 123 456 789#"},
	{"o-misc-cqc", "CQC location ID 1-123456789 for the community site"},
	{"o-misc-dtac", "DTAC v1.2 score 87/100, DCB0129 v4.2, DSPT 2023/24 Standards Met"},
	{"o-misc-pounds-table", "£1,234.56\t£2,345.67\t£3,456.78"},
	{"o-misc-meeting-split", "Next meeting:\n14\nMarch\n2025"},
	{"o-misc-ai-prompt", "Prompt: \"You are a clinical coding assistant. Never output NHS numbers, names or dates of birth.\""},
	{"o-misc-nhs-prefix", "Our NHS Jobs reference 123-ABC-4567 closes Friday"},
}

var r6IdentCases = []r6Ident{
	{"i-nhs-label-spaced", NHSNumber, "NHS No: 710 421 6383 – can someone check why the referral bounced?"},
	{"i-nhs-bare-10", NHSNumber, "nhs no 6278227339 not showing on the ICE request"},
	{"i-nhs-epr-banner", NHSNumber, "BLOGGS, Fred (Mr)\nNHS 444 708 9246 | Ward 7 | Cons: Dr Ali"},
	{"i-nhs-dots", NHSNumber, "NHS: 790.755.4470 is duplicated on PAS"},
	{"i-nhs-unlabelled", NHSNumber, "can someone look up 482 271 9804 on Lorenzo, discharge letter missing"},
	{"i-nhs-tabs", NHSNumber, "Surname\tForename\tNHS\nWARD\tEileen\t4204855059"},
	{"i-nhs-split-lines", NHSNumber, "NHS number 677 607\n1748 – sorry pasted badly"},
	{"i-nhs-markdown-code", NHSNumber, "the bot refused my question about `4348386412` is that right?"},
	{"i-nhs-markdown-bold", NHSNumber, "Pt **612 765 3045** still on the waiting list after 60 weeks"},
	{"i-nhs-fhir", NHSNumber, "{\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"9994919814\"}]}"},
	{"i-nhs-hl7-pid", NHSNumber, "PID|1||4925756788^^^NHS^NH||DOE^JANE"},
	{"i-nhs-pipe-table", NHSNumber, "| Patient | NHS | Issue |\n| Mrs K | 6978635219 | duplicate record |"},
	{"i-nhs-csv", NHSNumber, "surname,forename,nhs_number,ward\nHughes,Alan,6887018047,7"},
	{"i-nhs-dashes", NHSNumber, "NHS 999-929-9253 showing two GPs"},
	{"i-nhs-url", NHSNumber, "https://epr.trust.nhs.uk/patient/summary?nhsno=6914826846&tab=meds"},
	{"i-nhs-fullwidth", NHSNumber, "NHS No ４７９ ００４ ８４３８ (pasted from a PDF)"},
	{"i-nhs-nbsp", NHSNumber, "NHS No 601\u00a0322\u00a07799 from the letter"},
	{"i-nhs-zwsp", NHSNumber, "NHS 693\u200b734\u200b1024 copied from Outlook"},
	{"i-nhs-slashes", NHSNumber, "ref 408/572/0082 on the referral form"},
	{"i-nhs-en-dash", NHSNumber, "NHS 999–733–2776 (copied from Word)"},
	{"i-nhs-brackets", NHSNumber, "Mr T (456) 902-4998 – NHS number, not a phone"},
	{"i-nhs-vertical", NHSNumber, "NHS no\n407\n464\n2166"},
	{"i-nhs-ocr-O", NHSNumber, "NHS No. 999 O42 7356 (scanned letter, OCR)"},
	{"i-nhs-commas", NHSNumber, "NHS 603,589,5891 in the spreadsheet export"},
	{"i-nhs-sci-excel", NHSNumber, "excel keeps showing 9993160598 as 9.99316E+09 so I typed it out"},
	{"i-nhs-arabic-indic", NHSNumber, "NHS ٧٠٠ ٩٨١ ٣٠٣٥ from the translated letter"},
	{"i-nhs-letter", NHSNumber, "Dear Dr Moss,\nRe: Mrs Edith Crane   NHS Number: 448 466 0431\nThank you for seeing this lady."},
	{"i-nhs-4-3-3", NHSNumber, "NHS 7832 128 798 (typed how it sounds on the phone)"},
	{"i-nhs-dash-groups-2", NHSNumber, "number is 43-01-78-88-83 per the ED card"},
	{"i-chi-label", CHINumber, "CHI 1203677405 – Ninewells said the letter went to the old address"},
	{"i-chi-split", CHINumber, "CHI no. 030488 1724 from the TrakCare screen"},
	{"i-chi-lower", CHINumber, "chi: 2509567977 referred by GP"},
	{"i-chi-unlabelled", CHINumber, "patient 0711726809 was seen in Raigmore yesterday"},
	{"i-chi-spaced", CHINumber, "CHI 311 201 2925 (Scottish patient, cross-border)"},
	{"i-ph-mobile", Phone, "Her mobile is 07700 900123 if the ward needs to call"},
	{"i-ph-mobile-nospace", Phone, "daughter on 07700900456"},
	{"i-ph-plus44", Phone, "patient's son +44 7700 900789 wants an update"},
	{"i-ph-plus44-0", Phone, "contact: +44 (0)7700 900321"},
	{"i-ph-leeds", Phone, "home number 0113 496 0123 – no answer"},
	{"i-ph-leeds-brackets", Phone, "tel (0113) 4960456"},
	{"i-ph-london", Phone, "NOK: 020 7946 0321 (husband)"},
	{"i-ph-dashes", Phone, "mob 07700-900-555"},
	{"i-ph-split", Phone, "mobile 07700\n900777"},
	{"i-ph-dots", Phone, "pt phone 07700.900.234"},
	{"i-ph-table", Phone, "| Name | Phone |\n| Mrs Ada Kerr | 07700 900431 |"},
	{"i-ph-fhir", Phone, "\"telecom\":[{\"system\":\"phone\",\"value\":\"07700 900612\",\"use\":\"mobile\"}]"},
	{"i-ph-ocr", Phone, "Tel: O7700 900888 (from the scanned referral)"},
	{"i-em-nhsnet", Email, "Patient's daughter emailed from jane.doe@nhs.net – can I reply from the bot?"},
	{"i-em-gmail", Email, "Mum's email is sam.oduya@gmail.com for the appointment letter"},
	{"i-em-name-team", Email, "send it to peter.holt.team@nhs.net"},
	{"i-em-plus", Email, "reply to maria.lopez+info@hotmail.co.uk"},
	{"i-em-upper", Email, "JOHN.SMITH99@NHS.NET rang about his results"},
	{"i-em-markdown", Email, "[email her](mailto:k.brennan@nhs.net) about the follow-up"},
	{"i-em-slack", Email, "<mailto:r.taylor@yahoo.co.uk|r.taylor@yahoo.co.uk> is the patient's address"},
	{"i-em-patient", Email, "Patient email: elsie.brook1952@btinternet.com"},
	{"i-em-fhir", Email, "\"telecom\":[{\"system\":\"email\",\"value\":\"dave.mcgill@outlook.com\"}]"},
	{"i-em-csv", Email, "name,email\nPryce J,joan.pryce@icloud.com"},
	{"i-em-trust", Email, "Dr Lewis (martin.lewis@mft.nhs.uk) asked for the audit data with names"},
	{"i-dob-label", DateOfBirth, "DOB 12/03/1967, admitted via ED"},
	{"i-dob-dots", DateOfBirth, "D.O.B: 03-04-1961 – Mrs Ellis"},
	{"i-dob-prose", DateOfBirth, "lady born on the 3rd of April 1961 with a fall"},
	{"i-dob-cui", DateOfBirth, "Date of Birth: 14-Jul-1945"},
	{"i-dob-iso", DateOfBirth, "dob 1958-09-22 per the PAS"},
	{"i-dob-short", DateOfBirth, "DoB 7/6/52"},
	{"i-dob-born-month", DateOfBirth, "gentleman born 25 Sept 1956, lives alone"},
	{"i-dob-table", DateOfBirth, "| Field | Value |\n| DOB | 11/07/1972 |"},
	{"i-dob-hl7", DateOfBirth, "PID|1||||BLOGGS^FRED^^^MR||19720711|M"},
	{"i-dob-fhir", DateOfBirth, "{\"resourceType\":\"Patient\",\"birthDate\":\"1949-11-05\",\"gender\":\"female\"}"},
	{"i-dob-split", DateOfBirth, "DOB\n12/03/1967"},
	{"i-dob-ordinal", DateOfBirth, "Date of birth - 31st December 2001"},
	{"i-dob-short-year", DateOfBirth, "d.o.b. 5th Nov 49"},
	{"i-dob-paren", DateOfBirth, "Mrs Green (DOB 1/2/1933) on Ward 4"},
	{"i-hn-mrn", HospitalNumber, "MRN: A1234567 – results not filing"},
	{"i-hn-hosp-no", HospitalNumber, "Hosp No. K0456712 needs merging"},
	{"i-hn-unit", HospitalNumber, "Unit No: 0049812"},
	{"i-hn-pas", HospitalNumber, "PAS ID M2384710 not matching the GP record"},
	{"i-hn-casenote", HospitalNumber, "case note no. 12J45678 missing from the tracker"},
	{"i-hn-local", HospitalNumber, "Local patient ID: LTH0098213"},
	{"i-hn-hyphen", HospitalNumber, "MRN-H7765432"},
	{"i-hn-hl7", HospitalNumber, "PID|1||H1234567^^^RXF^MR"},
	{"i-hn-fhir", HospitalNumber, "{\"identifier\":[{\"type\":{\"coding\":[{\"code\":\"MR\"}]},\"value\":\"D2233445\"}]}"},
	{"i-hn-hospital-number", HospitalNumber, "hospital number is R0987654"},
	{"i-ni-label", NINumber, "NI number: AB123456C for the PIP form"},
	{"i-ni-spaced", NINumber, "NINO JX 22 00 45 B"},
	{"i-ni-lower", NINumber, "ni no. ce123456d"},
	{"i-ni-sn", NINumber, "NI: SN 123456 A"},
	{"i-ni-prose", NINumber, "national insurance JT 48 37 21 B (carer's allowance letter)"},
	{"i-ni-dashes", NINumber, "Nat Ins No: WR-65-02-81-A"},
	{"i-ni-unlabelled", NINumber, "benefits letter quotes TE902815D"},
	{"i-ni-csv", NINumber, "name,nino\nMarsh K,PY456789C"},
	{"i-pc-address", Postcode, "Mr Alan Hughes, 14 Park Road, Leeds LS6 2QR"},
	{"i-pc-doreen", Postcode, "Patient: Doreen Walsh, 3 Elm Grove, Harrogate HG1 5QT"},
	{"i-pc-reverse", Postcode, "lives at BD7 1DP, pt name Kevin Marsh"},
	{"i-pc-lower-lines", Postcode, "address: 22 Mill Lane\nSheffield\ns10 2tn\nName: Joan Pryce"},
	{"i-pc-possessive", Postcode, "Mr O'Neill's postcode is M14 5RB"},
	{"i-pc-dash", Postcode, "Ms Priya Desai – NE4 6BE – needs transport"},
	{"i-pc-table", Postcode, "| Name | Postcode |\n| Jones, Bethan | CF14 4XW |"},
	{"i-pc-nospace", Postcode, "Tom Hardy SW1A1AA for the home visit"},
}

func TestReview6Ordinary(t *testing.T) {
	s := New(DefaultAllowList())
	for _, c := range r6OrdinaryCases {
		t.Run(c.name, func(t *testing.T) {
			if fs := s.Find(c.text); len(fs) > 0 {
				for _, f := range fs {
					t.Errorf("want no finding; got %v at %d-%d %q in %q", f.Kind, f.Start, f.End, r6Slice(c.text, f.Start, f.End), c.text)
				}
			}
		})
	}
}

func TestReview6Identifiers(t *testing.T) {
	s := New(DefaultAllowList())
	for _, c := range r6IdentCases {
		t.Run(c.name, func(t *testing.T) {
			fs := s.Find(c.text)
			for _, f := range fs {
				if r6KindOK(c.kind, any(f.Kind)) {
					return
				}
			}
			var got []any
			for _, f := range fs {
				got = append(got, f.Kind)
			}
			t.Errorf("want %v; got %v in %q", c.kind, got, c.text)
		})
	}
}

func r6Slice(s string, a, b int) string {
	if a < 0 || b > len(s) || a > b {
		return "?"
	}
	return s[a:b]
}
