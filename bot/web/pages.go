package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// pageData is what every page template gets.
type pageData struct {
	Title   string
	Viewer  viewer
	Nav     string
	Content any
}

// message is the content of a page that only says something.
type message struct {
	Heading  string
	Text     string
	Link     string
	LinkText string
}

// parsePages parses the pages in templates/, each with layout.html (and
// charts.html for insights).
func parsePages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, name := range []string{"home", "entry", "insights", "message", "logout"} {
		files := []string{"templates/layout.html", "templates/" + name + ".html"}
		if name == "insights" {
			files = append(files, "templates/charts.html")
		}
		t, err := template.New(name).Funcs(template.FuncMap{"date": formatDate}).ParseFS(assets, files...)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 Jan 2006")
}

// render writes a whole page, or a plain 500 if the template fails (the
// page is built in memory first, so a failure never sends half a page).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v viewer, title string, content any) {
	var buf bytes.Buffer
	nav := page
	if err := s.pages[page].ExecuteTemplate(&buf, "layout", pageData{Title: title, Viewer: v, Nav: nav, Content: content}); err != nil {
		s.lg.Error("web page failed to render", "page", page, "err", err)
		http.Error(w, "Something went wrong. Please try again.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail shows an error: a *knowledge.Error's own text with its status;
// anything else is logged and shown as "Something went wrong".
func (s *Server) fail(w http.ResponseWriter, r *http.Request, v viewer, err error) {
	var ke *knowledge.Error
	if errors.As(err, &ke) {
		status := map[knowledge.ErrorKind]int{
			knowledge.ENotFound: http.StatusNotFound, knowledge.EForbidden: http.StatusForbidden,
			knowledge.EInvalid: http.StatusBadRequest, knowledge.EPrivacy: http.StatusBadRequest, knowledge.EConflict: http.StatusConflict,
		}[ke.Kind]
		if status == 0 {
			status = http.StatusBadRequest
		}
		s.render(w, r, status, "message", v, http.StatusText(status), message{Heading: http.StatusText(status), Text: ke.Msg, Link: "/", LinkText: "Back to the catalogue"})
		return
	}
	s.lg.Error("web request failed", "path", r.URL.Path, "err", err)
	s.render(w, r, http.StatusInternalServerError, "message", v, "Something went wrong", message{
		Heading: "Something went wrong", Text: "kbbot could not show this page. Please try again in a minute.", Link: "/", LinkText: "Back to the catalogue",
	})
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	v := viewer{}
	if sess, ok := s.session(r); ok {
		v = viewer{User: sess.User, Name: sess.Name, Moderator: s.app.IsModerator(sess.User), CSRF: sess.CSRF}
	}
	s.render(w, r, http.StatusNotFound, "message", v, "Page not found", message{
		Heading: "Page not found", Text: "There is no page at this address.", Link: "/", LinkText: "Back to the catalogue",
	})
}

// card is an entry as a result card: the facts a Slack source shows.
type card struct {
	ID          string
	Title       string
	Facts       []string
	Summary     string
	Contact     string
	ContactHref template.URL
	Source      string
	URL         string
}

func (s *Server) cardOf(src handlers.Source) card {
	c := card{ID: src.ID, Title: src.Title, Facts: handlers.SourceFacts(src), Summary: src.Summary, Source: src.Source, URL: httpURL(src.URL)}
	c.Contact, c.ContactHref = s.contact(src.Contact)
	return c
}

// contact returns a contributor's Slack id and a link that opens their
// profile in Slack. An anonymous lesson has no contact, so shows nobody.
func (s *Server) contact(user string) (string, template.URL) {
	if !isSlackUser(user) {
		return "", ""
	}
	// Both parts are checked Slack ids, so the deep link is safe.
	return user, template.URL("slack://user?team=" + s.cfg.TeamID + "&id=" + user)
}

// isSlackUser reports whether s is a Slack user id (U… or W…).
func isSlackUser(s string) bool {
	if len(s) < 3 || len(s) > 21 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// httpURL keeps only http(s) links.
func httpURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// facetView is one filter group with its options as links.
type facetView struct {
	Name     string
	Label    string
	Selected string // the selected option's label
	AnyHref  string
	Options  []optionView
}

type optionView struct {
	Value     string
	Label     string
	Count     int
	ShowCount bool
	Href      string
	Current   bool
}

// homeView is the content of /.
type homeView struct {
	Query    string
	Facets   []facetView
	Active   []activeFilter
	ClearAll string
	Answer   *answerView
	Browse   *browseView
}

type activeFilter struct {
	Label      string
	RemoveHref string
}

type answerView struct {
	Kind   string // high, low, none, refused
	Text   string
	Cards  []card
	Hidden bool // the question is not shown again (refused)
}

type browseView struct {
	Cards    []card
	Total    int
	Page     int
	Pages    int
	PrevHref string
	NextHref string
}

// answerViewOf shows an answer as Slack does: which of the three kinds it
// is (or a refusal), its text, and its sources as cards.
func (s *Server) answerViewOf(ans handlers.Answer) *answerView {
	av := &answerView{Kind: string(ans.Confidence), Text: ans.Text}
	if ans.Refused != "" {
		av.Kind, av.Hidden = "refused", true
	}
	for _, src := range ans.Sources {
		av.Cards = append(av.Cards, s.cardOf(src))
	}
	return av
}

// webSources is how many sources a search shows on the web.
const webSources = 10

// homeLink is the bookmarkable URL of a search and filter.
func homeLink(q string, f handlers.Filter, page int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	for _, facet := range handlers.Facets() {
		if val := f.Get(facet); val != "" {
			v.Set(string(facet), val)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// handleHome is /: a search (the same as Slack's, so the same three kinds
// of answer) or, without a question, the entries matching the filters.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request, v viewer) {
	q := r.URL.Query()
	query := strings.TrimSpace(q.Get("q"))
	var f handlers.Filter
	for _, facet := range handlers.Facets() {
		f = f.With(facet, q.Get(string(facet)))
	}
	if err := f.Check(); err != nil {
		s.fail(w, r, v, err)
		return
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	view := homeView{Query: query}
	counts := map[handlers.Facet][]handlers.FacetOption{}
	if query != "" {
		ans, err := s.app.Ask(r.Context(), handlers.AskRequest{
			Question: query, Limit: webSources,
			Kind: f.Kind, Category: f.Category, OrgType: f.OrgType, Outcome: f.Outcome, Evidence: f.Evidence, Stage: f.Stage,
		})
		if err != nil {
			s.fail(w, r, v, err)
			return
		}
		view.Answer = s.answerViewOf(ans)
		if view.Answer.Hidden {
			// Never echo a question the privacy screen stopped.
			view.Query = ""
		}
	} else {
		bp, err := s.app.Browse(r.Context(), handlers.BrowseRequest{Filter: f, Page: page})
		if err != nil {
			s.fail(w, r, v, err)
			return
		}
		counts = bp.Facets
		bv := &browseView{Total: bp.Total, Page: bp.Page, Pages: bp.Pages()}
		for _, src := range bp.Sources {
			bv.Cards = append(bv.Cards, s.cardOf(src))
		}
		if bp.Page > 1 {
			bv.PrevHref = homeLink("", f, bp.Page-1)
		}
		if bp.Page < bp.Pages() {
			bv.NextHref = homeLink("", f, bp.Page+1)
		}
		view.Browse = bv
	}
	linkQ := view.Query
	for _, facet := range handlers.Facets() {
		fv := facetView{Name: string(facet), Label: facet.Label(), AnyHref: homeLink(linkQ, f.With(facet, ""), 1)}
		opts := counts[facet]
		if opts == nil {
			opts = handlers.FacetValues(facet)
		}
		for _, o := range opts {
			cur := f.Get(facet) == o.Value
			if cur {
				fv.Selected = o.Label
				view.Active = append(view.Active, activeFilter{Label: facet.Label() + ": " + o.Label, RemoveHref: fv.AnyHref})
			}
			if view.Browse != nil && o.Count == 0 && !cur {
				continue // a link to nothing
			}
			fv.Options = append(fv.Options, optionView{Value: o.Value, Label: o.Label, Count: o.Count, ShowCount: view.Browse != nil, Href: homeLink(linkQ, f.With(facet, o.Value), 1), Current: cur})
		}
		view.Facets = append(view.Facets, fv)
	}
	if len(view.Active) > 0 {
		view.ClearAll = homeLink(linkQ, handlers.Filter{}, 1)
	}
	title := "Catalogue"
	if view.Answer != nil && !view.Answer.Hidden {
		title = "Search: " + query
	}
	s.render(w, r, http.StatusOK, "home", v, title, view)
}

// entryView is the content of /entries/{id}.
type entryView struct {
	Card      card
	Kind      string
	Body      template.HTML
	Tags      []string
	Details   []detail
	History   []historyRow
	Author    string
	Anonymous bool
	Moderator bool
}

type detail struct{ Term, Value string }

type historyRow struct {
	Date       string
	Outcome    string
	StopReason string
	Evidence   string
}

// handleEntry is /entries/{id}: one approved entry in full.
func (s *Server) handleEntry(w http.ResponseWriter, r *http.Request, v viewer) {
	p, err := s.app.CatalogueEntry(r.Context(), v.User, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	e := p.Entry
	ev := entryView{Card: s.cardOf(p.Source), Kind: e.Kind.Label(), Body: s.renderMarkdown(e.Body), Tags: e.Tags, Moderator: v.Moderator}
	add := func(term, value string) {
		if value != "" {
			ev.Details = append(ev.Details, detail{term, value})
		}
	}
	add("Kind", e.Kind.Label())
	if e.Category != "" {
		add("What the AI does", e.Category.Label())
	}
	if e.OrgType != "" {
		add("Organisation type", e.OrgType.Label())
	}
	if e.Stage != "" {
		add("Adoption stage", e.Stage.Label())
	}
	if e.Outcome != "" {
		add("Outcome", e.Outcome.Label())
	}
	if e.StopReason != "" {
		add("Why it stopped", e.StopReason.Label())
	}
	if e.Evidence != "" {
		add("Evidence", e.Evidence.Label())
	}
	add("Last reviewed", formatDate(e.LastReviewed().Time))
	for _, h := range p.History {
		row := historyRow{Date: formatDate(h.At), Outcome: h.Outcome.Label()}
		if h.StopReason != "" {
			row.StopReason = h.StopReason.Label()
		}
		if h.Evidence != "" {
			row.Evidence = h.Evidence.Label()
		}
		ev.History = append(ev.History, row)
	}
	if v.Moderator {
		// Only a moderator's page ever carries who shared a lesson.
		ev.Author, ev.Anonymous = p.Author, p.Anonymous
	}
	s.render(w, r, http.StatusOK, "entry", v, e.Title, ev)
}

// insightsView is the content of /insights.
type insightsView struct {
	Pilots    int
	Category  chart
	CatTable  catTable
	OrgType   chart
	Stops     chart
	Evidence  chart
	Months    chart
	Moderator *moderatorView
}

type moderatorView struct {
	Questions chart
	QRows     []handlers.WeekAnswers
	Ratings   chart
	RRows     []handlers.WeekRatings
	Gaps      []handlers.GapGroup
	Due       []dueRow
}

type dueRow struct {
	ID, Title, Kind, Due, Reviewed string
}

// handleInsights is /insights: the picture of what has been tried, and
// for moderators how kbbot is doing.
func (s *Server) handleInsights(w http.ResponseWriter, r *http.Request, v viewer) {
	in, err := s.app.Insights(r.Context())
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	view := insightsView{Pilots: in.Pilots}
	view.Category, view.CatTable = categoryChart(in)
	view.OrgType = countChart("org", "Pilots by organisation type", in.ByOrgType)
	view.Stops = countChart("stop", "Why pilots stopped", in.StopReasons)
	view.Evidence = countChart("evidence", "Pilots by evidence level", in.Evidence)
	view.Months = monthChart(in.LessonsPerMonth)
	if v.Moderator {
		mi, err := s.app.ModeratorInsights(r.Context(), v.User)
		if err != nil {
			s.fail(w, r, v, err)
			return
		}
		mv := &moderatorView{Questions: questionsChart(mi.Questions), QRows: mi.Questions, Ratings: ratingsChart(mi.Ratings), RRows: mi.Ratings, Gaps: mi.Gaps}
		for _, d := range mi.Due {
			mv.Due = append(mv.Due, dueRow{ID: d.Source.ID, Title: d.Source.Title, Kind: d.Source.Kind.Label(), Due: formatDate(d.Due), Reviewed: formatDate(d.Source.LastReviewed.Time)})
		}
		view.Moderator = mv
	}
	s.render(w, r, http.StatusOK, "insights", v, "Insights", view)
}
