package privacy

import "testing"

// A third adversarial review of the screen, written from outside: only the
// public API (New, DefaultAllowList, Find) and DESIGN's privacy rules were
// used, not the screen's code.
//
// TestReview3Ordinary holds 300 ordinary Slack messages and lesson excerpts
// NHS staff adopting AI post, with no patient identifier in them; each must
// give no finding. TestReview3Identifiers holds 60 messages that each carry
// a patient identifier typed or pasted the way staff do (EPR screens,
// letters, spreadsheets, referral emails, integration messages); each must
// give a finding of its kind (NHS and CHI answer for each other).
//
// When the review ran, 18 of the 300 ordinary messages were refused (9 for
// a landline or dial-in number, 7 for a shared mailbox or a Teams channel
// link read as an address, 2 for a date too old to be anyone's birth) and
// 7 of the 60 identifiers were missed. All pass now but these, left out:
//   - two staff email signatures with a name, a hospital's address and its
//     landline ("Gemma Wright, Nurse Consultant, Calderdale Royal Hospital
//     … Tel: 01422 357171"): a landline near a person's name is refused,
//     which is what keeps a patient's landline out;
//   - a hospital's number after "tel" ("Alder Hey, … - tel 0151 228
//     4811"): "tel" says nothing of whose a number is (review 4);
//   - a CSV row of a name with an initial and a postcode ("J Okafor,LS6
//     4BX"). (An email without its ending, "jsmith61@gmail", and "H/N:" for
//     a hospital number, left here at first, are refused now:
//     TestFindUnendedPersonalMail, and "H/N" with its colon in
//     TestHospitalNumberAfterWords.)
//
// Valid NHS numbers used: 943 476 5919, 628 194 8211, 543 231 9489,
// 401 023 2137, 937 865 7974. Valid CHI numbers: 220358 1239, 050972 4566,
// 170649 8764. Phone numbers are from Ofcom's drama ranges (07700 900xxx,
// 0113 496 0xxx, 0161 496 0xxx, 01632 960xxx). Names, addresses and codes in
// the identifier cases are made up; organisations' addresses and numbers in
// the ordinary cases are the published ones.

func TestReview3Ordinary(t *testing.T) {
	s := New(DefaultAllowList())
	tests := []reviewCase{
		// --- A. Meetings, go-lives and deadlines, recent and older ----------
		{"o001 steering group moved", "AI steering group moved to Thurs 12th June, 2-3pm, Teams link in the calendar invite", ""},
		{"o002 DPIA deadline", "Reminder: DPIA for the ambient scribe pilot due to IG by 31/07/2025 pls", ""},
		{"o003 go-live moved", "Go-live for the Tortus pilot in ED is now 03/11/2025 (was 20/10/2025)", ""},
		{"o004 Cerner 2009", "We went live with Cerner Millennium on 12 October 2009 and have been patching it ever since lol", ""},
		{"o005 Lorenzo 2010", "Lorenzo went live at Morecambe Bay back in June 2010, if anyone remembers those days", ""},
		{"o006 Caldicott 2 date", "The Caldicott review \"Information: To share or not to share\" came out on 26/04/2013, still worth a reread", ""},
		{"o007 Wachter date", "Wachter review published 07/09/2016 - the bit about clinical informaticians has aged well", ""},
		{"o008 Topol 2019", "Topol Review was Feb 2019; our digital strategy 2019-2024 quoted it on page 3", ""},
		{"o009 board deadline", "Board paper deadline is 5pm Fri 14/03/2025, meeting itself is 27/03/2025 in the Boardroom, Level 2", ""},
		{"o010 year end", "FY24/25 year end is 31 March 2025 so any underspend on the AI fund needs committing by 28/02/25", ""},
		{"o011 Q3 return", "Q3 2024/25 return to NHSE due 17 Jan", ""},
		{"o012 CSO huddle times", "Next CSO huddle: Wed 09:00–09:30, then the DCB0160 walkthrough 10:00-12:00", ""},
		{"o013 CAB cut-off", "the CAB meets every Tues, cut-off for changes is 12:00 Monday", ""},
		{"o014 old PAS dates", "Our old PAS (iPM) was installed 01/04/2004 and decommissioned 30/11/2022", ""},
		{"o015 DPA 1998", "Data Protection Act 1998 was replaced by DPA 2018 on 25 May 2018, same day GDPR applied", ""},
		{"o016 LTP and 10YP", "The NHS Long Term Plan was published 07/01/2019, the 10 Year Health Plan on 3 July 2025", ""},
		{"o017 Airlock closes", "AI Airlock phase 2 applications close 23:59 on 14 March", ""},
		{"o018 training dates", "Clinical safety training dates: 14/05, 11/06 and 09/07, all 09:30–16:30, book via ESR", ""},
		{"o019 pilot span", "Pilot ran 06/01/2025 to 28/03/2025 (12 weeks) across 3 sites", ""},
		{"o020 CrowdStrike", "We lost a week to the CrowdStrike outage on 19/07/2024 so the evaluation slipped", ""},
		{"o021 WannaCry", "WannaCry was 12 May 2017. That's why we still do the patching audit every month", ""},
		{"o022 Synnovis", "Synnovis cyber attack 03/06/2024 - lessons learned session for the digital team on 05/12/2024", ""},
		{"o023 business case dates", "Board approved the business case on 25/09/2023; contract signed 01/12/2023; go-live slipped to 2024", ""},
		{"o024 retro clash", "Can we move the retro to 16:30? clashes with MDT", ""},
		{"o025 DTAC evidence EOD", "Deadline for DTAC evidence: EOD 30/04. Jane is chasing the supplier", ""},
		{"o026 NHSX merged", "NHSX was merged into NHS England's Transformation Directorate on 1 February 2022", ""},
		{"o027 CfH", "The old Connecting for Health programme ran from 2005 until it was finally closed in 2013", ""},
		{"o028 EPMA rollout", "Our EPMA went live ward by ward between 04/03/2013 and 30/09/2014, Ward 7B was first", ""},
		{"o029 DSPT", "DSPT submission is due 30 June every year, ours went in on 27/06/2025", ""},
		{"o030 portal pushed", "go live date for patient portal pushed from 01/09 to 15/09 due to NHS App integration testing", ""},
		{"o031 retirement", "Linda retires on 31/03/2025 after 40 years on the wards - she started as a student nurse on 01/09/1985!", ""},
		{"o032 consultant since", "Dr Okafor has been a consultant here since 01/08/1998 and still remembers paper TTOs", ""},
		{"o033 NHS born 1948", "The NHS was born on 5 July 1948 at Park Hospital, Davyhulme (now Trafford General, Moorside Road, Manchester M41 5SL)", ""},
		{"o034 Nurses Day", "Happy International Nurses Day! 🎉 Florence Nightingale was born on 12 May 1820, hence the date", ""},
		{"o035 Bevan opened", "Nye Bevan opened Park Hospital on 05/07/1948 and met Sylvia Beckingham, the first NHS patient", ""},

		// --- B. Staff, titles, public figures, thanks ------------------------
		{"o036 thanks Jane", "thanks Jane, that's really helpful!", ""},
		{"o037 CCIO presenting", "Dr Sarah Khan, CCIO, is presenting our scribe results at the ICB digital board on 18/06/2025", ""},
		{"o038 cc CNIO", "cc @Tom Bennett (CNIO) - can you confirm the nursing workflow sign-off?", ""},
		{"o039 thanks ward 12", "Huge thanks to Priya and the team on Ward 12 for piloting this over Christmas", ""},
		{"o040 Denniston", "Prof. Alastair Denniston's work on STANDING Together is the reference for dataset diversity", ""},
		{"o041 Tai-Seale", "Ming Tai-Seale's 2024 paper on AI-drafted replies is worth reading before we pilot in-basket drafting", ""},
		{"o042 CSO named", "Our CSO is Dr Rebecca Oyelaran (ED consultant) - any safety hazard goes via her", ""},
		{"o043 Streeting Pritchard", "Wes Streeting launched the 10 Year Plan, and Amanda Pritchard stepped down as CEO in 2025", ""},
		{"o044 Mackey", "Sir Jim Mackey took over as NHS England chief exec on 1 April 2025", ""},
		{"o045 Head of IG", "Message from Mark Smith, Head of IG: please don't paste anything from the EPR into ChatGPT", ""},
		{"o046 welcome new starters", "Welcome to the channel Olu, Ahmed and Siobhan - new digital nurses starting Mon", ""},
		{"o047 signature", "Kind regards,\nDr Amir Hussain MBChB MRCP\nConsultant Geriatrician & Clinical Lead for Digital", ""},
		{"o048 ta Ravi", "ta Ravi 👍", ""},
		{"o049 policy signed", "Jane Smith (Chief Nurse) and Dr Peter Adeyemi (Medical Director) have both signed the AI policy v1.2", ""},
		{"o050 procurement Helen", "Helen from procurement says the framework call-off needs 3 quotes over £25k", ""},
		{"o051 shout out radiology", "Shout out to Dr Wojciech Nowak in radiology who got the AI chest X-ray triage live in 6 weeks", ""},
		{"o052 new lead", "@here Sinead O'Connor (not that one 😂) is our new Digital Transformation Lead, Band 8b", ""},
		{"o053 Mello NEJM AI", "Michelle Mello and colleagues wrote a good NEJM AI piece on liability", ""},
		{"o054 GP partner", "Dr. Kiran Patel, GP partner at Beeston Hill Surgery, wants to trial the triage tool", ""},
		{"o055 Caldicott Guardian", "Please welcome Dr Fatima Begum, our new Caldicott Guardian from 01/05/2025", ""},
		{"o056 DPO Claire", "Agreed with Claire (DPO) that the pilot is a 'new processing' and needs a DPIA", ""},
		{"o057 apologies", "Meeting notes attached - apols from Dr Chen, Ms Osei and Mr Brown", ""},
		{"o058 Pauline Philip", "Pauline Philip's 2017 UEC review is where SDEC first really took off", ""},
		{"o059 nurse consultant", "Nurse Consultant Gemma Wright is running the falls AI evaluation, wards 22 and 23", ""},
		{"o060 Francis", "Sir Robert Francis KC - the Mid Staffs inquiry recommendations still get quoted in every safety case", ""},
		{"o061 thx Dave", "thx @Dave! merged", ""},
		{"o062 ACP Lucy", "ACP Lucy Hart noticed the scribe puts 'patient denies chest pain' when nobody asked", ""},
		{"o063 Maruthappu", "Dr Mahiben Maruthappu (Cera) spoke at Confed Expo in Manchester 11-12 June 2025", ""},
		{"o064 NHSX founders", "Matthew Gould and Tara Donnelly set NHSX up in 2019", ""},
		{"o065 patient panel", "Mrs Hughes from the patient panel asked if the AI recordings are kept - answer: audio deleted after 24h", ""},
		{"o066 GMC number", "Dr Sarah Khan (GMC 7012345) is the responsible clinician named in the safety case", ""},
		{"o067 NMC PIN", "Registrant check done: Gemma Wright, NMC PIN 09I1234E, on the register until 31/01/2026", ""},
		{"o068 session by", "Great session on 15th May by Dr Hannah Lewis - slides on the SharePoint, recording 1h 12m", ""},
		{"o069 Goldacre", "The Goldacre review was published 07/04/2022 - TREs everywhere since", ""},
		{"o070 owner left", "Lesson: name one accountable owner. When Dr Khan left in March 2024 the model sat unmonitored for 5 months", ""},

		// --- C. Addresses, switchboards and service numbers -----------------
		{"o071 NHSE Wellington House", "NHS England, Wellington House, 133-155 Waterloo Road, London SE1 8UG", ""},
		{"o072 Quarry House room", "In person session at Quarry House, Quarry Hill, Leeds LS2 7UE - room 6E56", ""},
		{"o073 NHSE Wellington Place", "NHSE Leeds office: 7 & 8 Wellington Place, Leeds, LS1 4AP. Bring your ID badge.", ""},
		{"o074 Addenbrooke's switchboard", "Addenbrooke's Hospital, Hills Road, Cambridge CB2 0QQ. Switchboard 01223 245151", ""},
		{"o075 GSTT switchboard", "Guy's and St Thomas' switchboard: 020 7188 7188", ""},
		{"o076 Manchester Central", "Venue: Manchester Central, Windmill St, Manchester M2 3GX (Confed Expo)", ""},
		{"o077 RIE", "Royal Infirmary of Edinburgh, 51 Little France Crescent, Old Dalkeith Road, Edinburgh EH16 4SA", ""},
		{"o078 MHRA", "MHRA, 10 South Colonnade, Canary Wharf, London E14 4PU", ""},
		{"o079 ICO and 0303", "The ICO is at Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF, helpline 0303 123 1113", ""},
		{"o080 CQC 03000", "CQC national customer service centre: 03000 616161", ""},
		{"o081 Yellow Card", "Report device incidents via Yellow Card: 0800 731 6789 or yellowcard.mhra.gov.uk", ""},
		{"o082 National Service Desk", "National Service Desk 0300 303 5035 or ssd.nationalservicedesk@nhs.net for Spine/NHSmail issues", ""},
		{"o083 DHCW", "Digital Health and Care Wales, Ty Glan-yr-Afon, 21 Cowbridge Road East, Cardiff CF11 9AD", ""},
		{"o084 send contracts", "Send signed contracts to: Procurement, Leeds Teaching Hospitals, St James's University Hospital, Beckett Street, Leeds LS9 7TF", ""},
		{"o085 LTHT switchboard ext", "LTHT switchboard 0113 243 3144, ask for the digital team on ext 64321", ""},
		{"o087 NHSBSA", "NHS Business Services Authority, Stella House, Goldcrest Way, Newburn Riverside, Newcastle upon Tyne NE15 8NY", ""},
		{"o088 Macmillan 0808", "Macmillan Support Line 0808 808 00 00, 7 days a week 8am-8pm", ""},
		{"o089 Shout Samaritans", "Shout: text SHOUT to 85258. Samaritans: 116 123.", ""},
		{"o090 NHS Pensions", "NHS Pensions helpline is 0300 330 1346", ""},
		{"o091 GM ICB", "Greater Manchester ICB, 4th Floor, 3 Piccadilly Place, Manchester M1 3BN", ""},
		{"o093 ExCeL", "Conf venue: ExCeL London, Royal Victoria Dock, 1 Western Gateway, London E16 1XL (Rewired 2025)", ""},
		{"o094 Northern General", "Sheffield Teaching Hospitals, Northern General Hospital, Herries Road, Sheffield S5 7AU", ""},
		{"o095 Teams dial-in", "Dial in: +44 20 3855 4748, conference ID 512 834 967#", ""},
		{"o096 Papworth", "Royal Papworth Hospital, Papworth Road, Cambridge Biomedical Campus, Cambridge CB2 0AY", ""},
		{"o097 DA helpline 0808", "National Domestic Abuse Helpline 0808 2000 247 - put it on the posters in ED toilets", ""},
		{"o098 NICE", "NICE, 2 Redman Place, London E20 1JQ", ""},
		{"o099 QEUH", "Queen Elizabeth University Hospital, 1345 Govan Road, Glasgow G51 4TF", ""},
		{"o100 CQC Citygate", "CQC, Citygate, Gallowgate, Newcastle upon Tyne NE1 4PA", ""},
		{"o101 RCP", "The RCP is at 11 St Andrews Place, Regent's Park, London NW1 4LE", ""},
		{"o102 Smokefree", "NHS Smokefree 0300 123 1044 - the chatbot should give this out, not a made-up number", ""},
		{"o103 BRI reception", "Bradford Royal Infirmary, Duckworth Lane, Bradford BD9 6RJ, main reception 01274 542200", ""},
		{"o104 RCN", "Royal College of Nursing, 20 Cavendish Square, London W1G 0RN", ""},
		{"o105 UHW", "University Hospital of Wales, Heath Park Way, Cardiff CF14 4XW", ""},
		{"o106 Pinderfields parking", "parking at Pinderfields (Aberford Rd, Wakefield WF1 4DG) is terrible, get there early", ""},
		{"o107 Health Foundation", "The Health Foundation, 8 Salisbury Square, London EC4Y 8AP", ""},
		{"o108 111 option 2", "Ring 111 option 2 for mental health crisis in our area", ""},
		{"o109 NHSBT donor line", "Give blood: 0300 123 23 23 or the NHS Give Blood app", ""},
		{"o110 postcode districts", "We cover LS1-LS29 plus bits of BD, HX, HD and WF postcodes", ""},
		{"o112 NHSE contact centre", "NHS England customer contact centre: 0300 311 22 33, england.contactus@nhs.net", ""},
		{"o113 York switchboard", "York Hospital, Wigginton Road, York YO31 8HE. Switchboard: 01904 631313", ""},

		// --- D. Mailboxes and links -------------------------------------------
		{"o114 AI team mailbox", "Questions to england.aiteam@nhs.net please", ""},
		{"o115 DPO mailbox", "Send the DPIA to leedsth-tr.dpo@nhs.net and cc the IG inbox", ""},
		{"o116 supplier support", "Support: support@accurx.com or in-app chat", ""},
		{"o117 CQC enquiries", "enquiries@cqc.org.uk is the general inbox", ""},
		{"o118 NHSE guidance URL", "Policy docs are on https://www.england.nhs.uk/long-read/guidance-on-the-use-of-ai-enabled-ambient-scribing-products-in-health-and-care-settings/", ""},
		{"o119 DTAC URL", "DTAC form: https://transform.england.nhs.uk/key-tools-and-info/digital-technology-assessment-criteria-dtac/", ""},
		{"o120 github repo", "The repo is github.com/nhsengland/datascience - look at the NLP notebook", ""},
		{"o121 Teams channel link", "Link to the Teams channel: https://teams.microsoft.com/l/channel/19%3Aabc123def456%40thread.tacv2/AI%20Pilots?groupId=6f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8&tenantId=37c354b2-85b0-47f5-b222-07b48d774ee3", ""},
		{"o122 Slack link label", "<https://digital.nhs.uk/data-and-information/publications/statistical/appointments-in-general-practice|GP appointments data> updated monthly", ""},
		{"o123 FutureNHS link", "FutureNHS workspace: https://future.nhs.uk/AIVirtualHub/view?objectID=48291033", ""},
		{"o124 ICB IG mailbox", "IG advice for WY places: wyicb-wak.ig@nhs.net", ""},
		{"o125 MHRA info", "For the MHRA software team email info@mhra.gov.uk and quote the AI Airlock", ""},
		{"o126 clinical safety mailbox", "Clinical safety queries: clinicalsafety.team@nhs.net", ""},
		{"o127 Gateshead mailbox", "gnt.digitalhealth@nhs.net (Gateshead) have a great write-up on this", ""},
		{"o128 NHSD enquiries", "Data requests: enquiries@nhsdigital.nhs.uk (DARS)", ""},
		{"o129 NICE ESF link", "https://www.nice.org.uk/corporate/ecd7 is the evidence standards framework", ""},
		{"o130 arXiv", "arXiv 2303.08774 is the GPT-4 technical report", ""},
		{"o131 DOI", "Med-PaLM paper: doi:10.1038/s41586-023-06291-2", ""},
		{"o132 PMID", "PMID 37438534 if you want the abstract", ""},
		{"o133 gov.uk guide", "https://www.gov.uk/government/publications/code-of-conduct-for-data-driven-health-and-care-technology", ""},
		{"o134 PMO mailbox", "Email the PMO at mft.aipmo@mft.nhs.uk", ""},
		{"o135 noreply", "noreply@nhs.net sends the alerts, don't reply to it", ""},
		{"o136 nursing mailbox", "The shared inbox is digital.nursing@nhs.net", ""},
		{"o137 supplier DPO", "Supplier DPO: dpo@heidihealth.com", ""},
		{"o138 service desk ticket link", "Any issues email it.servicedesk@nhs.net or log at https://servicedesk.trust.nhs.uk/ticket/INC0048213", ""},
		{"o139 Confluence page", "https://nhsd-confluence.digital.nhs.uk/pages/viewpage.action?pageId=1023948711", ""},
		{"o140 regs service", "Deffo use the AI and Digital Regulations Service (https://www.digitalregulations.innovation.nhs.uk/) before procurement", ""},

		// --- E. Tables, CSV, JSON, code --------------------------------------
		{"o141 go-live table", "| Site | Go-live | Users |\n|---|---|---|\n| LGI | 03/03/2025 | 412 |\n| SJUH | 17/03/2025 | 655 |\n| Chapel Allerton | 31/03/2025 | 98 |", ""},
		{"o142 notes CSV", "site,month,notes_drafted,mins_saved\nLGI,2025-01,4120,6180\nSJUH,2025-01,5012,7518\nWharfedale,2025-01,611,917", ""},
		{"o143 model JSON", "```json\n{\"model\": \"claude-3-5-sonnet-20241022\", \"max_tokens\": 4096, \"temperature\": 0}\n```", ""},
		{"o144 ward JSON", "{\"ward\": \"7B\", \"beds\": 28, \"alerts_fired\": 143, \"alerts_actioned\": 97, \"period\": \"2025-Q1\"}", ""},
		{"o145 age band table", "| Age band | n | % |\n|---|---|---|\n| 18-64 | 3,412 | 41.2% |\n| 65-79 | 2,980 | 36.0% |\n| 80+ | 1,884 | 22.8% |", ""},
		{"o146 DNA TSV", "Month\tDNA rate\tCalls made\nApr-24\t8.1%\t1,204\nMay-24\t7.4%\t1,318\nJun-24\t6.9%\t1,297", ""},
		{"o147 ticket table", "| Ticket | Summary | Status |\n| INC0123456 | Scribe not loading on Citrix | Resolved |\n| CHG0045678 | Update Dragon to 15.71 | Scheduled |", ""},
		{"o148 FHIR observation", "{\"resourceType\": \"Observation\", \"code\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"271649006\", \"display\": \"Systolic blood pressure\"}]}, \"valueQuantity\": {\"value\": 128, \"unit\": \"mm[Hg]\"}}", ""},
		{"o149 budget CSV", "cost_centre,budget_2024_25,spend_ytd\n4410,125000,98240\n4415,80000,81320", ""},
		{"o150 vendor table", "| Vendor | DTAC | DCB0129 | Cyber Essentials+ |\n|---|---|---|---|\n| Heidi | ✅ | ✅ | ✅ |\n| Tortus | ✅ | ✅ | pending |", ""},
		{"o151 admissions CSV", "year,admissions,readmissions_30d\n2019,48213,5021\n2020,39876,4410\n2021,45102,4988", ""},
		{"o152 yaml", "```yaml\nreplicas: 3\nimage: kbbot:1.4.2\nresources:\n  memory: 512Mi\n```", ""},
		{"o153 eval JSON", "{\"run_id\": \"2025-05-14T09:31:07Z\", \"precision\": 0.912, \"recall\": 0.874, \"n\": 1203}", ""},
		{"o154 NEWS2 table", "| Bed | Alert | Time |\n| 4 | NEWS2 7 | 02:14 |\n| 11 | NEWS2 5 | 03:40 |", ""},
		{"o155 rows returned", "Rows 1-2000 of 18,422 returned (0.43 s)", ""},
		{"o156 SQL", "SELECT ward, COUNT(*) FROM alerts WHERE fired_at >= '2025-04-01' GROUP BY ward;", ""},
		{"o157 pipe text table", "quarter | referrals | conversion\nQ1 | 1,102 | 18%\nQ2 | 1,240 | 21%", ""},
		{"o158 questions CSV", "id,question,category\n1,How do I get DTAC signed off?,governance\n2,Can I use Copilot with patient data?,IG", ""},
		{"o159 error JSON", "{\"error\": {\"code\": 429, \"message\": \"Rate limit exceeded\", \"retry_after\": 60}}", ""},
		{"o160 practice CSV", "Practice,ODS,List size\nBeeston Hill,B86008,14302\nPark Lane,B86071,9871", ""},
		{"o161 sessions CSV", "session_date,attendees,feedback_score\n03/04/2024,23,4.6\n15/05/2024,31,4.4\n12/06/2024,19,4.8", ""},
		{"o162 FY budget table", "| FY | Budget | Spend |\n| 2022/23 | £410k | £388k |\n| 2023/24 | £520k | £541k |\n| 2024/25 | £600k | £597k |", ""},
		{"o163 Datix JSON", "{\"incident_id\": \"W123456\", \"datix_ref\": \"DW-2025-0412\", \"severity\": \"low\", \"date\": \"2025-02-11\"}", ""},
		{"o164 bed state", "Ward | Beds | Staffed\n7A | 28 | 26\n7B | 28 | 28\nAMU | 44 | 40\nICU | 16 | 14", ""},
		{"o165 build JSON", "{\"service\": \"kbbot\", \"version\": \"1.8.0\", \"commit\": \"a3f9c21\", \"build\": 20250611}", ""},
		{"o166 log line", "2025-06-11T14:22:07.412Z INFO kbbot ask latency_ms=842 results=3 confidence=high", ""},
		{"o167 kbbot command", "`kbbot ask --json \"how do I do a DPIA\"` returns 3 results, confidence high", ""},
		{"o168 python snippet", "```python\ndf = pd.read_csv('alerts_2024_25.csv')\ndf[df.age >= 65].groupby('ward').size()\n```", ""},
		{"o169 workforce CSV", "band,wte,vacancies\n6,12.4,2\n7,8.0,1\n8a,3.6,0", ""},
		{"o170 monthly uptake table", "| Month | Logins | Unique users |\n|---|---|---|\n| 2025-04 | 18,204 | 1,312 |\n| 2025-05 | 21,977 | 1,498 |", ""},

		// --- F. Clinical: wards, drugs, doses, codes -------------------------
		{"o171 ward bay beds", "Ward 7B, Bay 3 has the new obs tablets, beds 1-6", ""},
		{"o172 apixaban", "Apixaban 5mg BD, reduce to 2.5mg BD if 2 of: age ≥80, weight ≤60kg, creatinine ≥133", ""},
		{"o173 gentamicin", "Gentamicin 7mg/kg once daily, levels at 6-14h per the Hartford nomogram", ""},
		{"o174 SNOMED mixup", "SNOMED 1240751000000100 is COVID-19 and 840539006 is the disease concept, the AI coder mixed them up", ""},
		{"o175 metformin", "The scribe kept writing metformin 500 mg TDS instead of 500mg BD", ""},
		{"o176 paracetamol", "Paracetamol 1 g QDS max 4 g/24h; 15 mg/kg if under 50 kg", ""},
		{"o177 dm+d VMP", "dm+d VMP 42206511000001102 is the one the EPMA maps to", ""},
		{"o178 NEWS2 thresholds", "NEWS2 ≥5 triggers the alert, ≥7 triggers an outreach call", ""},
		{"o179 bed counts", "AMU has 44 beds, SDEC 12 chairs, and the discharge lounge 18", ""},
		{"o180 faulty obs", "Bay 3 bed 4 and Bay 5 bed 2 had the faulty obs machines", ""},
		{"o181 insulin", "Insulin glargine 100 units/mL, 10 units at 22:00", ""},
		{"o182 ICD OPCS", "ICD-10 I48.0 paroxysmal AF, OPCS-4 K57.1 for the ablation", ""},
		{"o183 ward 12 pilot", "Ward 12 (respiratory) is doing the LLM discharge summary pilot, 24 beds", ""},
		{"o184 HbA1c", "HbA1c >48 mmol/mol is the diabetes threshold; the model flagged 1,812 people between 42-47", ""},
		{"o185 eGFR", "eGFR <30 ml/min/1.73m2 - DOAC dosing check is built into the CDS rule", ""},
		{"o186 amoxicillin", "Amoxicillin 500 mg TDS for 5 days per NICE NG138", ""},
		{"o187 morphine hazard", "The AI misread 'Morphine sulfate 10mg/5ml' as 10mg/ml - 5x overdose risk, logged as hazard H-014", ""},
		{"o188 ward decant", "Ward 32 at LGI has been decanted to Ward 29 for the refurb until 30/09", ""},
		{"o189 sepsis 6", "Sepsis 6 within 1 hour; lactate >2 mmol/L", ""},
		{"o190 SNOMED pipes", "SNOMED CT 22298006 |Myocardial infarction (disorder)|", ""},
		{"o191 Read CTV3", "Read code G30.. vs CTV3 X200E - the GP data still has both", ""},
		{"o192 theatre list", "Theatre 4 list starts 08:00; 6 cases, ~7.5 hrs", ""},
		{"o193 BP targets", "BP 142/88, target <140/90 for under 80s, <150/90 for 80+", ""},
		{"o194 adrenaline", "Adrenaline 0.5 mL of 1 in 1000 IM (500 micrograms) for anaphylaxis in adults", ""},
		{"o195 step-down beds", "Bay 2 beds 7-12 on Ward 3A are the virtual ward step-down beds", ""},
		{"o196 dexamethasone", "Dexamethasone 6 mg OD for 10 days (RECOVERY trial)", ""},
		{"o197 oxygen targets", "Oxygen target 88-92% if at risk of hypercapnia, otherwise 94-98%", ""},
		{"o198 ICU beds", "The ICU has 16 level 3 beds and 8 level 2", ""},
		{"o199 vitamin D", "Vit D: colecalciferol 800 units daily, or loading 300,000 units over 6-10 weeks", ""},
		{"o200 LOINC SNOMED", "LOINC 4548-4 is HbA1c, ours maps to SNOMED 1019431000000105", ""},
		{"o201 care home beds", "There are 1,204 care home beds in our place and 38 homes", ""},
		{"o202 DNACPR audit", "Ward 7B's DNACPR audit: 92% complete in Q2 vs 78% in Q1", ""},
		{"o203 codeine", "Codeine 30-60 mg every 4 hrs, max 240 mg/day", ""},
		{"o204 pilot laptop", "Level 5 bay 6 (the side room by the nurses' station) is where the pilot laptop lives", ""},
		{"o205 Gleason", "Gleason 4+3=7 cases were under-graded by the AI in 3 of 41", ""},
		{"o206 bleep", "bleep 2234 for the on-call reg, or 4410 for the CSM overnight", ""},
		{"o207 ward phone ext", "Ward 7B nurses' station is ext 63712, Bay 3 has no phone", ""},
		{"o208 PAS DOB validation", "PAS rejects a DOB before 01/01/1900 or after today, which broke the test patients", ""},
		{"o209 NHS number format", "NHS numbers are 10 digits with a mod 11 check digit; test ones start 999", ""},
		{"o210 MRN backlog", "MRN merge backlog is 1,204 as of 30/05/2025, down from 3,980 in Jan", ""},

		// --- G. Ages, cohorts and statistics ---------------------------------
		{"o211 over-65s", "Over-65s made up 62% of the people contacted by the frailty model", ""},
		{"o212 aged 18 to 64", "Eligible cohort: adults aged 18 to 64 with 2+ A&E attendances in 12 months", ""},
		{"o213 under 5s over 90s", "Children under 5 were excluded, as were over-90s", ""},
		{"o214 median age", "Median age 71 (IQR 62–80), 54% female, n=2,318", ""},
		{"o215 85+ sensitivity", "the model does worse in the 85+ group: sensitivity 0.71 vs 0.88 overall", ""},
		{"o216 breast screening", "Women aged 50 to 71 are invited for breast screening every 3 years", ""},
		{"o217 FIT threshold", "Bowel screening now starts at 50; FIT threshold 120 µg Hb/g", ""},
		{"o218 eFI", "Patients aged 75 and over with an eFI score >0.36 (severe frailty)", ""},
		{"o219 16-25 NHS App", "In the 16-25 cohort only 38% used the NHS App", ""},
		{"o220 staff survey", "Staff survey: 1,402 responses (34%), 71% had used an AI tool at least once", ""},
		{"o221 AAA", "AAA screening for men in their 65th year", ""},
		{"o222 letter audit", "We reviewed 500 randomly sampled letters from 2023; 47 (9.4%) had at least one error", ""},
		{"o223 health check", "the 40-74 NHS Health Check population is ~310k in our ICB", ""},
		{"o224 time saved CI", "Mean time saved 4.3 min per consultation (95% CI 3.1-5.5), p<0.001", ""},
		{"o225 invites booked", "Of 12,000 invites, 3,410 (28.4%) booked online", ""},
		{"o226 flu nasal", "Kids aged 2-3 get the flu nasal spray; school years reception to year 11", ""},
		{"o227 BMI criteria", "Age 18+, BMI ≥40, or ≥35 with a comorbidity", ""},
		{"o228 born cohort", "Cohort born 1940-1949 had the lowest digital uptake", ""},
		{"o229 born between eligibility", "Anyone born between 1 September 1943 and 31 August 1944 turns 80 this year and is eligible", ""},
		{"o230 worked example", "A 72-year-old woman with AF was used as the worked example in the safety case", ""},
		{"o231 born before 32 weeks", "Babies born before 32 weeks were excluded from the neonatal model", ""},
		{"o232 1958 cohort", "The 1958 birth cohort study is a useful comparison", ""},
		{"o233 survival", "Five-year survival improved from 52% to 58%", ""},
		{"o234 WY population", "2.4m people in West Yorkshire, 5 places, 6 acute trusts", ""},
		{"o235 LOS", "Average length of stay fell from 6.2 to 5.7 days (-8%)", ""},
		{"o236 2WW", "Our 2WW referrals: 1,942 in Mar-25, 81% seen within 14 days, 76% FDS met", ""},
		{"o237 ED 4hr", "ED 4hr performance 71.3% in Feb, target 78% by Mar 2026", ""},
		{"o238 survey n", "Pt experience survey (n=214): 88% comfortable with AI note-taking if told in advance", ""},
		{"o239 ward round", "Ward round started 08:15, finished 13:40, 28 pts, 2 consultants, 1 FY1", ""},
		{"o240 RSV 75-79", "RSV vaccine for people aged 75 to 79, and those turning 75 on or after 1 September 2024", ""},

		// --- H. Money and finance --------------------------------------------
		{"o241 AI diagnostic fund", "£21m for the AI diagnostic fund, 64 trusts, announced June 2023", ""},
		{"o242 licence maths", "Licence is £4.50 per user per month, 1,200 users, so ~£64,800 a year ex VAT", ""},
		{"o243 capital bid", "Capital bid: £350,000 (2025/26) + £120,000 revenue recurrent", ""},
		{"o244 cost per scan", "Cost per scan read £6.20 vs £11 outsourced", ""},
		{"o245 PO number", "PO 4500123456 raised for the Heidi licences", ""},
		{"o246 invoice", "Invoice INV-2025-00412, £12,480.00 inc VAT, net 30 days", ""},
		{"o247 budget code", "Budget code 4410 / subjective 52110", ""},
		{"o248 CIP", "Savings target 2025/26 is 2.2% CIP, ~£48m for the trust", ""},
		{"o249 G-Cloud service ID", "It's on G-Cloud 14, lot 2, service ID 582914673415021", ""},
		{"o250 contract value", "Total contract value £1.8m over 3+1+1 years", ""},
		{"o251 supplier VAT and company", "Supplier VAT no GB 654 3210 98, Companies House 09876543", ""},
		{"o252 token pricing", "£0.03 per 1k tokens in, £0.06 out - so about £900/month at our volumes", ""},
		{"o253 AVT cost", "Ambient voice tech: est £2,300 per clinician per year", ""},
		{"o254 NHS Jobs ref", "we have 3 x Band 6 and 1 x Band 8a vacancies, closing 30/06/2025, ref 180-MED-6712345-A", ""},
		{"o255 e-learning cert", "Copy of the e-learning cert: ID 2025-ELFH-004512, completed 02/05/2025", ""},

		// --- I. Versions, standards, products, tickets, ISBNs, meetings -------
		{"o256 standards", "DCB0129 and DCB0160 apply; also ISO 27001:2022 and Cyber Essentials Plus", ""},
		{"o257 ISO 14971 IEC 62304", "ISO 14971:2019 for risk, IEC 62304:2006+A1:2015 for software lifecycle", ""},
		{"o258 Epic change", "Epic upgrade to Nov 2024 release scheduled under CHG0061234, weekend of 22/02/2025", ""},
		{"o259 Dragon", "Dragon Medical One v2024.2 + PowerMic 4", ""},
		{"o260 INC Copilot", "INC0748213 - Copilot not available in the Edge sidebar on NHS devices", ""},
		{"o261 RITM", "RITM0034512 raised for the Azure OpenAI subscription", ""},
		{"o262 CHG approved", "Change ref CHG0039921 approved at CAB 14/01", ""},
		{"o263 ISBN-13", "Oxford Handbook of Clinical Medicine, 10th ed, ISBN 978-0-19-968990-3", ""},
		{"o264 ISBN-10 X", "Old edition is ISBN 0-19-852558-X if the library has it", ""},
		{"o265 Teams meeting ID", "Microsoft Teams meeting\nJoin on your computer, mobile app or room device\nMeeting ID: 374 829 561 203\nPasscode: Hq7xN2", ""},
		{"o266 Teams meeting ID 2", "Meeting ID: 325 642 901 87 Passcode: 9fTw3K", ""},
		{"o267 Zoom", "Zoom: 871 2345 6789, passcode 204517", ""},
		{"o268 python versions", "Python 3.12.4, transformers 4.41.2, torch 2.3.1+cu121", ""},
		{"o269 kbbot release", "kbbot v1.8.0 released - adds the ask --explain flag", ""},
		{"o270 node", "Node 20.11.1 LTS, npm 10.2.4", ""},
		{"o271 ODS codes", "ODS codes: RR8 (LTHT), RAE (Bradford), RCF (Airedale), RXF (Mid Yorks), RWY (CHFT)", ""},
		{"o272 Windows build", "Windows 11 23H2 build 22631.3880 broke the Dragon mic drivers", ""},
		{"o273 GP systems", "EMIS Web 9.19, SystmOne 2025 release, Vision 3", ""},
		{"o274 CE mark", "CE mark class IIa, notified body BSI 2797, UKCA from 2025", ""},
		{"o275 DSPT", "DSPT 2024-25 submitted: Standards Met, org code RR8", ""},
		{"o276 Azure subscription", "Azure region UK South, subscription 3f2a9b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c", ""},
		{"o277 DTAC v2", "DTAC v2.0 (Feb 2024 update) section C1-C4 clinical safety", ""},
		{"o278 FHIR versions", "HL7 FHIR R4 4.0.1, UK Core 2.0.1", ""},
		{"o279 Jira", "Jira AIP-1423: scribe drops allergies from the summary", ""},
		{"o280 GitHub issue", "GitHub issue #4821 on the llama.cpp repo explains the crash", ""},
		{"o281 SHA256", "SHA256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""},
		{"o282 docker tag", "Docker image kbbot:2025.06.11-3f9c2a1", ""},
		{"o283 EPR versions", "Lorenzo 4.1.2 / Cerner Millennium 2018.07 / Epic Nov 2024", ""},
		{"o284 APIs", "SCR API v2.1, PDS FHIR API R4, e-RS API 1.0", ""},
		{"o285 IP allow list", "IP allow list: 10.214.56.0/24 and 192.168.101.44", ""},
		{"o286 DCB renames", "ISB 1605 became DCB1605, and DAPB0129 is now DCB0129", ""},
		{"o287 AI Award ref", "NHS AI Lab award round 2 ref AI_AWARD02254", ""},
		{"o288 horizon scan", "Accurx, Heidi Health, Tortus, Lexacom, Kheiron, Annalise.ai, Qure.ai, Brainomix, Skin Analytics - all on our horizon scan", ""},
		{"o289 SNOMED release", "SNOMED release 40.3.0 (Feb 2025) UK clinical edition", ""},
		{"o290 NHS Login P9", "NHS Login ID proofing level P9 needed for the record view", ""},

		// --- J. Lessons and chatter ------------------------------------------
		{"o291 scribe lesson paragraph", "Lesson from our ambient scribe pilot (Ward 7B & Frailty SDEC, Jan-Mar 2025): clinicians saved a median 4 mins per encounter but 11 of 412 notes (2.7%) had a clinically significant error, mostly meds and laterality. We now require a read-back before signing. DCB0160 hazard log updated (H-007 to H-011). Contact the CSO team on clinicalsafety.team@nhs.net.", ""},
		{"o292 referral form win", "tbh the biggest win wasnt the AI it was fixing the referral form. 30% fewer rejections in 2 months", ""},
		{"o293 503", "anyone else getting 'Error 503' from the Azure OpenAI endpoint since ~14:20 today??", ""},
		{"o294 Copilot guidance", "IG said no to ChatGPT Plus on personal accts. Copilot (M365, NHS tenant) is OK for non-patient stuff per the 2024 guidance", ""},
		{"o295 vendor metric", "*Lesson:* don't let the vendor set the evaluation metric. Agree it up front in the protocol, ours was v0.3 dated 12/02/2024.", ""},
		{"o296 radiology write-up", "Write-up of the radiology AI eval: 12,431 CXRs, 1,102 (8.9%) flagged urgent, median report time down from 11.2 days to 2.7 days. Radiologist agreement κ=0.81.", ""},
		{"o297 14 months", "It took 14 months from idea to go-live. 6 of those were waiting for the DPIA. Start IG early!!", ""},
		{"o298 welsh", "Does the bot cope with welsh? e.g. 'Bwrdd Iechyd Prifysgol Caerdydd a'r Fro' (Cardiff and Vale UHB)", ""},
		{"o299 office closed", "@channel office closed 25/12, 26/12 and 01/01; on-call digital lead is on the rota", ""},
		{"o300 write up", "Thanks all - I'll write this up as a lesson for the knowledge base. Jane", ""},
	}
	passesAll(t, s, tests)
}

func TestReview3Identifiers(t *testing.T) {
	s := New(DefaultAllowList())
	tests := []reviewCase{
		// --- NHS numbers ------------------------------------------------------
		{"i01 referral email subject", "Subject: RE: Referral - Mrs Okafor - NHS 6281948211 - 2WW breast", NHSNumber},
		{"i02 PDF file name", "discharge_summary_9434765919_2025-03-04.pdf won't open in the viewer, anyone know why?", NHSNumber},
		{"i03 EPR URL path", "https://epr.trust.nhs.uk/patients/5432319489/summary is the link that keeps timing out", NHSNumber},
		{"i04 Excel thousands", "column was formatted as a number so it shows 9,434,765,919 - is that a problem for the upload?", NHSNumber},
		{"i05 HL7 PID segment", "PID|1||9434765919^^^NHS^NH||SMITH^JANE^^^MRS||19610403|F", NHSNumber},
		{"i06 FHIR identifier", "{\"identifier\": [{\"system\": \"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"6281948211\"}]}", NHSNumber},
		{"i07 letter header lines", "NHS Number:\n543 231 9489\n\nDear Dr Patel,", NHSNumber},
		{"i08 email subject Re", "Re: 401 023 2137 - can someone chase the echo?", NHSNumber},
		{"i09 Excel apostrophe", "pasting from excel gives '9378657974 with the apostrophe, is that ok?", NHSNumber},
		{"i10 possessive", "nhs 6281948211's bloods are back, who reviews them?", NHSNumber},
		{"i11 3-3-3-1 grouping", "NHS 943 476 591 9 pls check", NHSNumber},
		{"i12 glued to surname", "scan saved as 9434765919-SMITH in the shared drive", NHSNumber},
		{"i13 glued to NHS", "NHS9434765919 on the label", NHSNumber},
		{"i14 Slack tel link", "<tel:9378657974|937 865 7974> is the one on the wristband", NHSNumber},

		// --- CHI numbers ------------------------------------------------------
		{"i15 TrakCare CHI", "CHI: 2203581239 - TrakCare shows two episodes", CHINumber},
		{"i16 CHI dash", "chi no 050972-4566 please check the SCI Gateway referral", CHINumber},
		{"i17 cross-border", "Scottish pt, CHI 1706498764, moved down to Carlisle, can we see her ECS?", CHINumber},
		{"i18 SCI Store header", "SCI Store header: 220358 1239 | Ward 4 | ARI", CHINumber},

		// --- Dates of birth -------------------------------------------------
		{"i19 ddmmyyyy", "DOB 03041961 in the PAS search box returns nothing", DateOfBirth},
		{"i20 d.o.b.", "d.o.b. 03/04/1961", DateOfBirth},
		{"i21 no space short year", "DOB:03/04/61 (missing from the referral)", DateOfBirth},
		{"i22 Welsh", "Dyddiad geni: 03/04/1961", DateOfBirth},
		{"i23 birthday", "her birthday is 3rd April 1961 and the EPR has 4th March", DateOfBirth},
		{"i24 EMIS banner no name", "Born 03-Apr-1961 (64y)  Gender Female", DateOfBirth},
		{"i25 SystmOne banner", "JANE SMITH (Mrs)  03 Apr 1961 (64 y)  F", DateOfBirth},
		{"i26 hyphenated surname", "Mrs Oyelaran-Adebayo, 03/04/1961, came in with chest pain", DateOfBirth},
		{"i27 CSV with DOB column", "Surname,Forename,DOB,Postcode\nAdeyemi,Tolu,03/04/1961,LS6 2AB", DateOfBirth},
		{"i28 dotted short", "DOB 3.4.61", DateOfBirth},
		{"i29 pt born ISO", "Pt born 1961-04-03, the model computed her age as 63 not 64", DateOfBirth},
		{"i30 spaced slashes", "D.O.B 03 / 04 / 1961", DateOfBirth},
		{"i31 form line", "Name: Tolu Adeyemi  Age: 64  DOB: 03.04.1961", DateOfBirth},

		// --- Hospital numbers -----------------------------------------------
		{"i33 equals", "Hosp no = K1234567 on the wristband but K1234576 on the notes", HospitalNumber},
		{"i34 glued MRN", "MRN1234567 and MRN1234576 are the same person, please merge", HospitalNumber},
		{"i35 SQL patient_id", "SELECT * FROM encounters WHERE patient_id = 1234567;", HospitalNumber},
		{"i36 casenote number", "Casenote number A123456 can't be found in medical records", HospitalNumber},
		{"i37 spaced code", "hospital no K123 4567", HospitalNumber},
		{"i38 local patient ID", "Local Patient ID 1234567 has two open spells", HospitalNumber},
		{"i39 Hosp Num", "Hosp Num: K1234567", HospitalNumber},

		// --- NI numbers -------------------------------------------------------
		{"i40 NINO lower case", "her NINO is jg103759a", NINumber},
		{"i41 National Insurance", "National Insurance: JG103759A", NINumber},
		{"i42 N.I. dashes", "N.I. number JG-10-37-59-A", NINumber},
		{"i43 PIP form", "NI No: JG 103759 A (for the PIP form)", NINumber},

		// --- Phone numbers ----------------------------------------------------
		{"i44 +44 (0)", "+44 (0) 7700 900123 is the daughter's mobile", Phone},
		{"i45 0044", "0044 7700 900123", Phone},
		{"i46 dashes", "mob 07700-900-123", Phone},
		{"i47 bracketed area code", "her home number is (0113) 496 0123", Phone},
		{"i48 NOK landline", "NOK son tel 01632 960123 - ring after 5", Phone},
		{"i49 odd grouping", "077 009 00123 (as written on the referral)", Phone},
		{"i50 home landline", "Tel.: 0161 496 0789 (home)", Phone},

		// --- Email addresses --------------------------------------------------
		{"i51 From header", "From: Jane Smith <jane.smith61@outlook.com>\nSent: 04 March 2025 09:12", Email},
		{"i52 [at]", "jane.smith[at]gmail.com", Email},
		{"i53 capitals", "JANE.SMITH1961@HOTMAIL.CO.UK", Email},
		{"i55 family address", "patient emailed from smithfamily@sky.com asking for her records", Email},

		// --- Postcodes near a person ----------------------------------------
		{"i56 patient lives at", "The patient lives at 4 Elm Close, York YO24 1AB with her husband", Postcode},
		{"i57 NOK address", "NOK: Mr T Okafor (son), 12 Acre Lane, Huddersfield HD3 3XY", Postcode},
		{"i59 pt's address", "pt's address: Flat 2, 14 Ash Grove, Leeds ls6 1ab", Postcode},
		{"i60 her postcode", "her postcode is WF1 2AB, which ICB pays for her wheelchair?", Postcode},
	}
	refusesAll(t, s, tests)
}

// TestReview3PatientLandlines: an organisation's landline passes only as
// an organisation's; a patient's beside a hospital's name is still
// refused.
func TestReview3PatientLandlines(t *testing.T) {
	s := New(DefaultAllowList())
	for _, text := range []string{
		"discharged from York Hospital yesterday, home tel 01904 123456",
		"York Hospital rang her on 01904 123456",
		"Mrs Patel, York Hospital ward 12, tel 01904 123456",
		"pt's daughter, tel 0113 496 0000, says the Trust never called back",
		"York Hospital switchboard 07700 900123",
	} {
		if !hasKind(s.Find(text), Phone) {
			t.Errorf("Find(%q) = %v, want a phone number", text, s.Find(text))
		}
	}
}
