package privacy

// firstNames returns common given names in the UK, lower case: a name
// followed by a capitalised word ("Jane Smith") is a person, and a date
// next to a person may be their date of birth. It is data, deliberately
// broad; a missing name only means a date beside it needs a birth word to
// be refused.
func firstNames() []string {
	return []string{
		// Women's names.
		"aaliyah", "abigail", "ada", "aisha", "alice", "alison", "amanda", "amber", "amelia", "amy",
		"ana", "andrea", "angela", "ann", "anna", "anne", "annie", "ava", "barbara", "beatrice",
		"bethany", "brenda", "bridget", "carol", "caroline", "catherine", "charlotte", "chloe", "christine", "claire",
		"clare", "deborah", "denise", "diane", "dorothy", "eleanor", "elizabeth", "ella", "ellie", "emily",
		"emma", "erin", "eve", "evelyn", "fatima", "fiona", "florence", "freya", "gemma", "georgia",
		"grace", "hannah", "harriet", "heather", "helen", "holly", "imogen", "isabel", "isabella", "isla",
		"ivy", "jacqueline", "jane", "janet", "jasmine", "jean", "jennifer", "jessica", "joan", "joanne",
		"josephine", "joyce", "julia", "julie", "karen", "kate", "katherine", "kathleen", "katie", "kelly",
		"laura", "lauren", "leah", "lily", "linda", "lisa", "lucy", "lydia", "maisie", "margaret",
		"maria", "marie", "mary", "maryam", "megan", "mia", "michelle", "mildred", "molly", "nancy",
		"natalie", "nicola", "nora", "olivia", "pamela", "patricia", "paula", "phoebe", "poppy", "priya",
		"rachel", "rebecca", "rose", "ruby", "ruth", "sandra", "sarah", "sharon", "sienna", "sophia",
		"sophie", "stephanie", "susan", "tracey", "valerie", "victoria", "wendy", "yasmin", "zara", "zoe",
		// Men's names.
		"aaron", "adam", "ahmed", "alan", "albert", "alexander", "alfie", "ali", "andrew", "anthony",
		"archie", "arthur", "barry", "ben", "benjamin", "bernard", "brian", "callum", "charles", "charlie",
		"christopher", "colin", "connor", "craig", "daniel", "darren", "david", "dean", "dennis", "derek",
		"dominic", "donald", "douglas", "dylan", "edward", "eric", "ethan", "finley", "frank", "frederick",
		"gareth", "gary", "george", "gordon", "graham", "harry", "harvey", "henry", "hugh", "ian",
		"isaac", "jack", "jacob", "jake", "james", "jamie", "jason", "jeffrey", "jim", "joe",
		"john", "jonathan", "joseph", "joshua", "keith", "kenneth", "kevin", "kieran", "leo", "leon",
		"lewis", "liam", "logan", "louis", "luke", "malcolm", "mark", "martin", "mason", "matthew",
		"michael", "mohammed", "muhammad", "nathan", "neil", "nicholas", "noah", "oliver", "oscar", "patrick",
		"paul", "peter", "philip", "raymond", "reece", "richard", "robert", "roger", "ronald", "ryan",
		"samuel", "scott", "sean", "simon", "stanley", "stephen", "steven", "stuart", "terence", "theo",
		"thomas", "timothy", "tom", "tony", "trevor", "tyler", "usman", "vincent", "walter", "william",
		// Names common among Irish, Welsh, West African, Eastern European
		// and South Asian families in the UK.
		"siobhan", "niamh", "aoife", "ciara", "sinead", "roisin", "grainne", "padraig", "ciaran", "declan",
		"eoin", "cerys", "rhys", "dafydd", "gethin", "sian", "oluwaseun", "olumide", "chinedu", "ngozi",
		"adebayo", "folake", "chioma", "emeka", "tunde", "kemi", "kwame", "ama", "kofi", "abena",
		"wojciech", "krzysztof", "agnieszka", "katarzyna", "piotr", "tomasz", "magdalena", "andrzej", "marek",
		"ewa", "raj", "amit", "sunita", "anil", "sanjay", "rajesh", "deepak", "pooja", "ravi", "sunil",
		"arjun", "ananya", "harpreet", "gurpreet", "jaspreet", "manjit", "abdul", "imran", "farah", "ayesha",
		"zainab", "bilal", "hassan", "hussain", "omar", "yusuf", "aminah", "khadija", "nadia", "tariq",
		// Names of older patients, who are most of a hospital's, and the
		// short forms colleagues write. Not those that are also months or
		// everyday words ("May", "June", "Will", "Bill", "Sue").
		"agnes", "audrey", "betty", "beryl", "cynthia", "daphne", "doreen", "doris", "edith",
		"edna", "eileen", "elsie", "enid", "ethel", "gladys", "glenys", "gwen", "gwendoline", "hilda",
		"irene", "jessie", "lilian", "lillian", "lorna", "mabel", "marjorie", "maureen", "mavis",
		"muriel", "myrtle", "nellie", "norma", "peggy", "phyllis", "rita", "shirley", "sheila", "sylvia",
		"thelma", "vera", "violet", "winifred", "yvonne", "pauline", "lorraine", "beverley", "gillian", "jill",
		"alfred", "arnold", "bert", "cecil", "clifford", "cyril", "ernest", "geoffrey", "gerald", "harold",
		"herbert", "howard", "leonard", "leslie", "maurice", "nigel", "percy", "reginald", "rodney", "sidney",
		"wilfred", "roy", "ron", "ken", "ted", "fred", "alf", "stan", "dave", "mike",
		"steve", "pete", "chris", "nick", "matt", "dan", "sam", "liz", "debbie", "jackie",
		"tina", "tracy", "kath", "jo", "bev", "viv", "val", "di", "lyn", "lynne",
	}
}
