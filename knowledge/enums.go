package knowledge

import "slices"

// The enumerations of DESIGN.md. Each has a Values function listing every
// value in display order and a Label for people; Valid is membership.

// Kind is what an entry is.
type Kind string

// Kinds of entry.
const (
	KindPilot    Kind = "pilot"
	KindUseCase  Kind = "use_case"
	KindGuidance Kind = "guidance"
	KindInsight  Kind = "insight"
)

// Kinds lists every Kind.
func Kinds() []Kind { return []Kind{KindPilot, KindUseCase, KindGuidance, KindInsight} }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Label is the kind in plain words.
func (k Kind) Label() string {
	return label(string(k), map[string]string{
		"pilot": "Pilot", "use_case": "Use case", "guidance": "Guidance", "insight": "Insight",
	})
}

// Category is what the AI does, or what the entry is about.
type Category string

// Categories of entry.
const (
	CategoryDiagnosticsImaging    Category = "diagnostics_imaging"
	CategoryClinicalDocumentation Category = "clinical_documentation"
	CategoryAdministration        Category = "administration"
	CategoryPatientAccessTriage   Category = "patient_access_triage"
	CategoryPredictionPrevention  Category = "prediction_prevention"
	CategoryOperationsScheduling  Category = "operations_scheduling"
	CategoryGeneralLLM            Category = "general_llm"
	CategoryGovernance            Category = "governance"
	CategoryEvaluation            Category = "evaluation"
	CategoryFundingProcurement    Category = "funding_procurement"
	CategoryInfrastructure        Category = "infrastructure"
	CategoryWorkforce             Category = "workforce"
	CategoryPatientEngagement     Category = "patient_engagement"
	CategoryStrategy              Category = "strategy"
)

// Categories lists every Category.
func Categories() []Category {
	return []Category{
		CategoryDiagnosticsImaging, CategoryClinicalDocumentation, CategoryAdministration,
		CategoryPatientAccessTriage, CategoryPredictionPrevention, CategoryOperationsScheduling,
		CategoryGeneralLLM, CategoryGovernance, CategoryEvaluation, CategoryFundingProcurement,
		CategoryInfrastructure, CategoryWorkforce, CategoryPatientEngagement, CategoryStrategy,
	}
}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories(), c) }

// Label is the category in plain words.
func (c Category) Label() string {
	return label(string(c), map[string]string{
		"diagnostics_imaging":    "Diagnostics and imaging",
		"clinical_documentation": "Clinical documentation",
		"administration":         "Administration",
		"patient_access_triage":  "Patient access and triage",
		"prediction_prevention":  "Prediction and prevention",
		"operations_scheduling":  "Operations and scheduling",
		"general_llm":            "General LLM assistants",
		"governance":             "Governance",
		"evaluation":             "Evaluation",
		"funding_procurement":    "Funding and procurement",
		"infrastructure":         "Infrastructure",
		"workforce":              "Workforce",
		"patient_engagement":     "Patient engagement",
		"strategy":               "Strategy",
	})
}

// OrgType is the kind of NHS organisation an entry comes from.
type OrgType string

// Organisation types.
const (
	OrgAcuteTrust   OrgType = "acute_trust"
	OrgPrimaryCare  OrgType = "primary_care"
	OrgICB          OrgType = "icb"
	OrgMentalHealth OrgType = "mental_health"
	OrgCommunity    OrgType = "community"
	OrgAmbulance    OrgType = "ambulance"
	OrgOther        OrgType = "other"
)

// OrgTypes lists every OrgType.
func OrgTypes() []OrgType {
	return []OrgType{OrgAcuteTrust, OrgPrimaryCare, OrgICB, OrgMentalHealth, OrgCommunity, OrgAmbulance, OrgOther}
}

// Valid reports whether o is a known organisation type.
func (o OrgType) Valid() bool { return slices.Contains(OrgTypes(), o) }

// Label is the organisation type in plain words.
func (o OrgType) Label() string {
	return label(string(o), map[string]string{
		"acute_trust": "Acute trust", "primary_care": "Primary care", "icb": "ICB",
		"mental_health": "Mental health", "community": "Community", "ambulance": "Ambulance", "other": "Other",
	})
}

// Stage is how far an organisation has got with AI, on the report's scale.
type Stage string

// Adoption stages.
const (
	StageNone            Stage = "none"
	StagePilot           Stage = "pilot"
	StageModerate        Stage = "moderate"
	StageAdvanced        Stage = "advanced"
	StageBusinessAsUsual Stage = "business_as_usual"
)

// Stages lists every Stage.
func Stages() []Stage {
	return []Stage{StageNone, StagePilot, StageModerate, StageAdvanced, StageBusinessAsUsual}
}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return slices.Contains(Stages(), s) }

// Label is the stage in plain words.
func (s Stage) Label() string {
	return label(string(s), map[string]string{
		"none": "No adoption yet", "pilot": "Piloting", "moderate": "Moderate",
		"advanced": "Advanced", "business_as_usual": "Business as usual",
	})
}

// Outcome is how a pilot turned out.
type Outcome string

// Pilot outcomes.
const (
	OutcomeSuccess   Outcome = "success"
	OutcomeMixed     Outcome = "mixed"
	OutcomeAbandoned Outcome = "abandoned"
	OutcomeOngoing   Outcome = "ongoing"
	OutcomeTooEarly  Outcome = "too_early"
)

// Outcomes lists every Outcome.
func Outcomes() []Outcome {
	return []Outcome{OutcomeSuccess, OutcomeMixed, OutcomeAbandoned, OutcomeOngoing, OutcomeTooEarly}
}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return slices.Contains(Outcomes(), o) }

// Open reports whether the pilot's result is still unknown, so its author
// should be asked again later.
func (o Outcome) Open() bool { return o == OutcomeOngoing || o == OutcomeTooEarly }

// Label is the outcome in plain words.
func (o Outcome) Label() string {
	return label(string(o), map[string]string{
		"success": "Success", "mixed": "Mixed", "abandoned": "Stopped",
		"ongoing": "Ongoing", "too_early": "Too early to tell",
	})
}

// Evidence is the strength of evidence behind a pilot's outcome.
type Evidence string

// Evidence levels, weakest first.
const (
	EvidenceAnecdotal         Evidence = "anecdotal"
	EvidenceInternalAudit     Evidence = "internal_audit"
	EvidenceServiceEvaluation Evidence = "service_evaluation"
	EvidencePeerReviewed      Evidence = "peer_reviewed"
	EvidenceRCT               Evidence = "rct"
)

// EvidenceLevels lists every Evidence level, weakest first.
func EvidenceLevels() []Evidence {
	return []Evidence{EvidenceAnecdotal, EvidenceInternalAudit, EvidenceServiceEvaluation, EvidencePeerReviewed, EvidenceRCT}
}

// Valid reports whether e is a known evidence level.
func (e Evidence) Valid() bool { return slices.Contains(EvidenceLevels(), e) }

// Label is the evidence level in plain words.
func (e Evidence) Label() string {
	return label(string(e), map[string]string{
		"anecdotal": "Anecdotal", "internal_audit": "Internal audit",
		"service_evaluation": "Service evaluation", "peer_reviewed": "Peer reviewed",
		"rct": "Randomised trial",
	})
}

// StopReason is why an abandoned pilot stopped.
type StopReason string

// Reasons a pilot stopped.
const (
	StopPerformance    StopReason = "performance"
	StopLowUptake      StopReason = "low_uptake"
	StopWorkflowFit    StopReason = "workflow_fit"
	StopIntegration    StopReason = "integration"
	StopCostFunding    StopReason = "cost_funding"
	StopGovernanceIG   StopReason = "governance_ig"
	StopClinicalSafety StopReason = "clinical_safety"
	StopSupplier       StopReason = "supplier"
	StopReprioritised  StopReason = "reprioritised"
	StopOther          StopReason = "other"
)

// StopReasons lists every StopReason.
func StopReasons() []StopReason {
	return []StopReason{
		StopPerformance, StopLowUptake, StopWorkflowFit, StopIntegration, StopCostFunding,
		StopGovernanceIG, StopClinicalSafety, StopSupplier, StopReprioritised, StopOther,
	}
}

// Valid reports whether r is a known stop reason.
func (r StopReason) Valid() bool { return slices.Contains(StopReasons(), r) }

// Label is the stop reason in plain words.
func (r StopReason) Label() string {
	return label(string(r), map[string]string{
		"performance": "Performance (e.g. false positives)", "low_uptake": "Low uptake",
		"workflow_fit": "Did not fit the workflow", "integration": "Integration",
		"cost_funding": "Cost or funding", "governance_ig": "Governance or IG",
		"clinical_safety": "Clinical safety", "supplier": "Supplier",
		"reprioritised": "Reprioritised", "other": "Other",
	})
}

// Status is where an entry is in moderation. Only approved entries are
// ever used in answers.
type Status string

// Entry statuses.
const (
	StatusPending  Status = "pending"
	StatusApproved Status = "approved"
	StatusRejected Status = "rejected"
	StatusArchived Status = "archived"
)

// Statuses lists every Status.
func Statuses() []Status {
	return []Status{StatusPending, StatusApproved, StatusRejected, StatusArchived}
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// Label is the status in plain words.
func (s Status) Label() string {
	return label(string(s), map[string]string{
		"pending": "Waiting for review", "approved": "Approved", "rejected": "Not accepted", "archived": "Withdrawn",
	})
}

func label(v string, names map[string]string) string {
	if l, ok := names[v]; ok {
		return l
	}
	return v
}
