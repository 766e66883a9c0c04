package privacy

// Version names this release of the screen's rules. Change it whenever the
// screen finds something it did not before: kbbot serve then screens every
// record already stored once more (the start-up migration).
const Version = "2026-12-07.12"

// Kind names the sort of identifier a Finding is. The values are the KIND
// strings of DESIGN.md (`kbbot ask --json` prints them as "refused"), so they
// are part of the CLI contract: do not rename them.
type Kind string

// The kinds of identifier the screen reports.
const (
	NHSNumber      Kind = "nhs_number"
	CHINumber      Kind = "chi_number"
	Phone          Kind = "phone"
	Email          Kind = "email"
	DateOfBirth    Kind = "date_of_birth"
	HospitalNumber Kind = "hospital_number"
	NINumber       Kind = "ni_number"
	Postcode       Kind = "postcode"
)

// Message returns the phrase shown to the person whose text was refused,
// such as "looks like an NHS number". It names the kind only: the value is
// never part of it, so the phrase is safe to log, store and show anywhere.
func (k Kind) Message() string {
	switch k {
	case NHSNumber:
		return "looks like an NHS number"
	case CHINumber:
		return "looks like a Scottish CHI number"
	case Phone:
		return "looks like a phone number"
	case Email:
		return "looks like a personal email address"
	case DateOfBirth:
		return "looks like a date of birth"
	case HospitalNumber:
		return "looks like a hospital number"
	case NINumber:
		return "looks like a National Insurance number"
	case Postcode:
		return "looks like a postcode next to a name or date of birth"
	}
	// A Kind from a newer caller still gets a refusal a person can read.
	return "looks like a patient identifier"
}

// Finding is one identifier found in screened text: its Kind and the byte
// offsets text[Start:End] it occupies. It deliberately holds no copy of the
// text, so a Finding can be logged or counted without leaking the value.
type Finding struct {
	Kind       Kind
	Start, End int // byte offsets into the screened text
}
