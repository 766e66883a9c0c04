package privacy

import "testing"

// A fourth review of the screen (December 2026), of the exemptions the
// third review added (d8c555c) and the rules the performance commit
// (30b0230) rewrote: where the screen lets ordinary text through, can a
// patient's identifier get through with it? It found 49 ways, and all are
// refused now: a landline passes as an organisation's only under a
// switchboard, extension, helpline, service desk or dial-in label just
// before it, with no person, pronoun, relative, home or patient anywhere
// near ("tel" and "phone" say nothing of whose a number is); an
// organisation's code opens a shared mailbox only at an NHS domain; only
// Teams' own ids pass as addresses; a date too old for anyone alive is
// still a date of birth under a DOB label ("PAS has her DOB as
// 03/04/1861"); and an event word makes a date next to a name an event's
// only between the name and the date, while a birth word with words
// between it and a date ("Her DOB was changed to 03/04/1961") counts
// whatever they are.
//
// Left refused, the other way: organisations' lines whose labels are not
// one of those, or that name a home or a patient (PALS, Hospital at Home,
// Home Oxygen, a carer support line, "their switchboard", "Mobile X-ray",
// a number followed by "(switchboard)"); the screen errs towards refusing.
//
// Phone numbers are from Ofcom's drama ranges (0113/0114/0116/0117/0121/
// 0131/0161 496 0xxx, 020 7946 0xxx) but for one published PALS line.
// Names, dates and email addresses are made up.

func TestReview4Bypasses(t *testing.T) {
	s := New(DefaultAllowList())
	tests := []reviewCase{
		// --- 1. A patient's landline read as an organisation's -------------
		// phone.go organisationLine passes any 01/02 number with a cue word
		// (tel, phone, telephone, reception, ...) and an organisation word
		// in the 100 bytes before it, unless a guard word stands there too.

		// 1a. The guard lists only her/his/their, pt/patient and a few
		// relatives: "she", "him", "gentleman", "lady", "mother", "sister"
		// and a message with no pronoun at all are not on it.
		{"p01 she, hospital", "She was discharged from St James's Hospital this morning, tel 0113 496 0471 if the DN team can't get in", Phone},
		{"p02 she, NHS App", "She doesn't use the NHS App, phone 0115 496 0321 instead", Phone},
		{"p03 gentleman", "Gentleman discharged from the General Hospital yesterday, lives alone, tel 0113 496 0903", Phone},
		{"p04 mother", "Mother discharged from the Jessop Wing at the hospital, tel 0114 496 0188, health visitor to call", Phone},
		{"p05 telephone clinic", "Telephone clinic at the Infirmary today: rang 0113 496 0923 three times, no answer, letter sent", Phone},
		{"p06 no pronoun", "Discharged from Leeds General Infirmary today. Tel: 0113 496 0362 - who arranges the follow-up call?", Phone},
		{"p07 surgery is an operation", "Booked for surgery on 14/01, tel 0117 496 0456 to confirm she's still fasting", Phone},
		{"p08 patient's address", "Referral from GP: lives alone, 14 Ash Grove Road, Tel 0113 496 0811, needs OT assessment", Phone},
		{"p09 address for a carer", "Flat 3, 22 Mill Street, tel 0161 496 0377 - key safe by the door", Phone},

		// 1b. The guard looks only before the number: "(home)", "(patient's
		// landline)", "sister's landline" after it do not count.
		{"p10 (home) after", "Discharged from Leeds General Infirmary today. Tel: 0113 496 0362 (home) - who arranges the follow-up call?", Phone},
		{"p11 patient's after", "Reception booked a call-back for 0116 496 0777 (patient's landline) at 2pm", Phone},
		{"p12 sister's after", "Wythenshawe Hospital keep calling the wrong number - the right one is tel 0161 496 0550 (sister's landline)", Phone},
		{"p13 husband's after", "Community nurse from the hospital couldn't get through - tel 0121 496 0733 is the husband's", Phone},

		// 1c. The guard takes strings.Index, the FIRST occurrence, and then
		// checks word boundaries on that one only: an earlier word holding
		// the guard word ("there", "this", "patients", "outpatient",
		// "appt", "midwife", "Homerton") hides the real one after it.
		{"p14 there hides her", "Is there a way to stop the Trust sending texts? Her phone is 0113 496 0782 and she can't read them", Phone},
		{"p15 this hides his", "This gentleman was seen in ED at the Infirmary, his tel 0113 496 0190 is wrong on the Spine", Phone},
		{"p16 patients hides patient", "One of the practice's patients asked us to change the patient's phone number to 0113 496 0215 on the system", Phone},
		{"p17 outpatient hides patient", "Outpatient clinic at the General Hospital: the patient's phone on PAS is 0113 496 0340 but that's wrong", Phone},
		{"p18 appt hides pt", "Appt at the Royal Infirmary moved to Thursday, pt's tel 0131 496 0602, no answer x3", Phone},
		{"p19 midwife hides wife", "Community midwife from the Trust couldn't get through, so try the wife's tel 0121 496 0733", Phone},
		{"p20 Homerton hides home", "Homerton Hospital discharged him home, tel 020 7946 0123", Phone},

		// 1d. The organisation words are matched as substrings, anywhere:
		// "house" in "housebound"/"household", "hospital" in
		// "hospitalised", "dial" in "dialled". No organisation is named.
		{"p21 housebound", "Housebound, lives alone, tel 0113 496 0644 for DN visits", Phone},
		{"p22 household", "Household contact of a TB case, tel 0116 496 0520, needs screening at the chest clinic", Phone},
		{"p23 hospitalised", "Hospitalised twice this year with falls, tel 0113 496 0655 - can the frailty team call?", Phone},
		{"p24 dialled", "Dialled the phone number on the referral, 0113 496 0222, no answer", Phone},

		// 1e. The guard reaches back only 100 bytes; the organisation word
		// can be near while "patient" is further back.
		{"p25 patient 100+ bytes back", "Re the patient we discussed at this morning's safety huddle, the district nurses still have no contact number for the follow-up, it's on the Royal Infirmary discharge letter as tel 0131 496 0500", Phone},

		// Controls: a guard word before the number, a name, a mobile.
		{"control: home before", "discharged from York Hospital yesterday, home tel 0113 496 0471", Phone},
		{"control: her before", "Her phone is 0113 496 0471, the hospital has the old one", Phone},
		{"control: name near", "Mrs Okafor discharged from the Infirmary, tel 0113 496 0471", Phone},
		{"control: mobile", "She was discharged from St James's Hospital, tel 07700 900471", Phone},

		// --- 2. A personal email read as an organisation's mailbox --------
		// allow.go roleMailbox/orgCode: a first part of 2-6 letters without
		// a vowel is taken for an organisation's code, and the last part
		// only has to be a role word, at any domain. Initials without a
		// vowel and the common surname Ward ("ward" is a role word) make a
		// personal address: "jb.ward@hotmail.co.uk".
		{"e01 initials.ward", "Pt asked for the clinic letter to go to jb.ward@hotmail.co.uk", Email},
		{"e02 NOK initials.ward", "Daughter's email for updates: sj.ward@btinternet.com", Email},
		{"control: initials.surname", "Daughter's email for updates: sj.smith@btinternet.com", Email},

		// --- 3. Any address at a domain starting "thread." -----------------
		// allow.go allowedEmail passes every domain with the prefix
		// "thread." or the suffix ".spaces", not only Teams ids. Rare, but
		// thread.com is a real company's mail domain.
		{"e03 thread.com", "her work email is jane.okafor@thread.com", Email},

		// --- 4. A date of birth more than 120 years back ------------------
		// dob.go tooLongAgo skips a date before the whole date-of-birth
		// test, birth word or not. A century typed wrong still carries
		// the day, the month and (here, in the same message) the year.
		{"d01 century typo", "PAS has her DOB as 03/04/1861 - typo for 1961, so she shows as 165 years old", DateOfBirth},

		// --- 5. A date of birth after an event word -----------------------
		// dob.go eventDate: an event word in the last five words (40
		// bytes) before a date beats a name beside it and a birth word
		// with other words between ("DOB was changed to"). Admin messages
		// start with exactly these verbs, and "DOB updated/changed/fixed"
		// is how a data-quality fix is reported.
		{"d02 added", "Added Jane Smith 03/04/1961 to Thursday's virtual clinic list", DateOfBirth},
		{"d03 DOB changed to", "Her DOB was changed to 03/04/1961 on PAS but the Spine still has 04/03/1961", DateOfBirth},
		{"d04 DOB mismatch between", "DOB mismatch between PAS and the Spine: 03/04/1961 vs 04/03/1961", DateOfBirth},
		{"d05 since go-live", "Since go-live the DOB field shows 03/04/1961 for Mrs Okafor", DateOfBirth},
		{"d06 go-live first booking", "Go-live: Jane Smith 03/04/1961 was our first booking through the new front end", DateOfBirth},
		{"d07 due", "Repeat bloods due for Jane Smith 03/04/1961 - who's chasing?", DateOfBirth},
		{"d08 since", "Since the merge, Mr Ahmed 03/04/1961 shows twice on the PTL", DateOfBirth},
		{"d09 completed", "Completed DNACPR for Mrs Okafor 03/04/1961, where does it get scanned?", DateOfBirth},
		{"d10 submitted", "Submitted referral for Jane Smith, 03/04/1961, via e-RS", DateOfBirth},
		{"d11 updated", "Updated allergies for Mr Ahmed 03/04/1961", DateOfBirth},
		{"d12 started", "Started Mr Ahmed, 03/04/1961, on apixaban today", DateOfBirth},
		{"d13 DOB updated to", "DOB updated to 03/04/1961 on PAS", DateOfBirth},
		{"d14 DOB fixed", "DOB fixed: 03/04/1961", DateOfBirth},
		{"d15 took", "Took bloods from Mrs Okafor 03/04/1961 but the labels printed with the wrong ward", DateOfBirth},
		{"d16 removed", "Removed duplicate: SMITH, Jane 03/04/1961", DateOfBirth},
		{"d17 until", "Can't discharge until Mr Ahmed 03/04/1961 has a package of care", DateOfBirth},
		{"d18 approved", "IFR approved for Mrs Okafor 03/04/1961", DateOfBirth},
		{"d19 date of birth added", "Date of birth added 03/04/1961 after she was registered as unknown", DateOfBirth},
		{"d20 meeting", "MDT meeting: Mrs Okafor 03/04/1961 for discussion", DateOfBirth},
		{"d21 closed", "Closed referral for Mr Ahmed 03/04/1961", DateOfBirth},
		// Controls: "admitted" is no event word; an event word more than
		// five words back; a birth word right before the date.
		{"control: admitted", "Admitted Mrs Okafor 03/04/1961 to Ward 5", DateOfBirth},
		{"control: event word far back", "Completed the DNACPR form for Mrs Okafor 03/04/1961", DateOfBirth},
		{"control: DOB right before", "Since go-live, DOB 03/04/1961 for Mrs Okafor", DateOfBirth},
		// Found by the same review outside its brief: "for" read an age
		// as a length of time.
		{"age after for", "Falls screen for 84 yo female 03/04/1941", DateOfBirth},
	}
	refusesAll(t, s, tests)
}
