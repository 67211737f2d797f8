package resolve

import (
	"context"
	"errors"
	"fmt"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/discover"
	"github.com/aibom/aibom/scanner/httpx"
	"github.com/aibom/aibom/scanner/hub"
	"github.com/aibom/aibom/scanner/hub/ollama"
)

type request struct {
	hub, id, revision string
	local             *discover.LocalInfo
}

// result is one model's answer.
type result struct {
	info           *hub.ModelInfo
	status, reason string
	warning        string
	// interrupted: the scan ended (deadline or cancel) before the answer;
	// the node stays unanswered.
	interrupted bool
	// unreachable / budget: the hub could not be asked (its host is out of
	// reach, the request budget is spent); outageWhy says why, once per hub.
	unreachable, budget bool
	outageWhy           string
}

// errNoAnswer is a client that returned neither an answer nor an error.
var errNoAnswer = errors.New("hub returned no answer")

// fetchable are the hubs that publish weights and answer metadata requests;
// any other hub name (openai, anthropic, google, …) is an API provider.
var fetchable = map[string]bool{
	sbom.HubHuggingFace: true,
	sbom.HubModelScope:  true,
	sbom.HubGitHub:      true,
	sbom.HubOllama:      true,
}

// resolveOne answers for one model. The order is: the client's answer
// (hub or cache) → on anything but a definitive answer, the built-in
// catalog → a status that says why nothing answered.
func (r *resolver) resolveOne(ctx context.Context, q request) result {
	switch {
	case q.hub == sbom.HubLocal && q.local != nil && q.local.Missing:
		return result{status: sbom.StatusNotFound, reason: "declared in the models manifest, but there is no such file or directory in the scanned tree"}
	case q.hub == sbom.HubLocal:
		return result{info: localInfo(q), status: sbom.StatusResolved}
	case !fetchable[q.hub] && r.opts.Clients[q.hub] == nil:
		// Closed API models are not fetched: the identify stage maps the
		// provider to its terms.
		return result{info: &hub.ModelInfo{Hub: q.hub, ID: q.id, RequestedID: q.id, Source: SourceProvider}, status: sbom.StatusResolved}
	}
	c := r.opts.Clients[q.hub]
	if c == nil {
		// Deliberate (an offline scan, a hub the caller left out): the
		// catalog answers without a warning.
		res := r.fallback(q, fmt.Errorf("no %s client configured", q.hub))
		res.warning = ""
		return res
	}
	info, err := r.ask(ctx, c, q)
	if err == nil && info == nil {
		err = errNoAnswer
	}
	if err != nil {
		if ctx.Err() != nil {
			return result{interrupted: true}
		}
		return r.classify(q, info, err)
	}
	info = fill(info, q)
	if info.Gated && info.Partial != "" {
		// Metadata read, files refused: the license comes from metadata.
		return result{info: info, status: sbom.StatusGated, reason: info.Partial}
	}
	return result{info: info, status: sbom.StatusResolved}
}

// ask calls the client within the model's budget. The answer is waited
// for only as long as the budget: a client that does not give up when
// its context ends still cannot hold the scan (its late answer is
// dropped).
func (r *resolver) ask(ctx context.Context, c hub.Client, q request) (*hub.ModelInfo, error) {
	mctx, cancel := context.WithTimeout(ctx, r.opts.ModelTimeout)
	defer cancel()
	type answer struct {
		info *hub.ModelInfo
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		info, err := c.Model(mctx, q.id, q.revision)
		ch <- answer{info, err}
	}()
	var a answer
	select {
	case a = <-ch:
	case <-mctx.Done():
		a.err = mctx.Err()
	}
	if a.err != nil && ctx.Err() == nil && errors.Is(mctx.Err(), context.DeadlineExceeded) {
		return nil, fmt.Errorf("%s model %s: no answer within the per-model budget of %v", q.hub, q.id, r.opts.ModelTimeout)
	}
	return a.info, a.err
}

// classify turns a client error into a status, consulting the catalog
// where the hub's silence is not an answer.
func (r *resolver) classify(q request, info *hub.ModelInfo, err error) result {
	switch {
	case errors.Is(err, hub.ErrUnreachable), errors.Is(err, hub.ErrBudget):
		// One warning per hub says this (outageWarnings), not one per model.
		res := r.fallback(q, err)
		res.warning = ""
		res.unreachable = errors.Is(err, hub.ErrUnreachable)
		res.budget = !res.unreachable
		res.outageWhy = outageWhy(err)
		return res
	case errors.Is(err, hub.ErrInvalidID):
		// Not a question any hub answers, offline or online: say so
		// rather than blame the network.
		if cat := r.catalogInfo(q); cat != nil {
			return result{info: cat, status: sbom.StatusResolved}
		}
		return result{status: sbom.StatusError, reason: err.Error()}
	case errors.Is(err, hub.ErrNotFound), errors.Is(err, hub.ErrRevisionNotFound):
		// The hub answered: an online answer wins over the catalog.
		return result{status: sbom.StatusNotFound, reason: err.Error()}
	case errors.Is(err, hub.ErrGated):
		if info == nil {
			info = r.catalogInfo(q)
		}
		return result{info: fillOrNil(info, q), status: sbom.StatusGated, reason: err.Error()}
	case errors.Is(err, hub.ErrUnauthorized):
		if cat := r.catalogInfo(q); cat != nil && cat.Gated {
			// Anonymous requests to a gated repo look like this.
			return result{info: cat, status: sbom.StatusGated, reason: err.Error()}
		}
		return result{info: fillOrNil(info, q), status: sbom.StatusError, reason: err.Error()}
	}
	return r.fallback(q, err)
}

// fallback answers from the catalog when the hub could not (offline, a
// network error, a rate limit, a server error, a response it could not
// parse).
func (r *resolver) fallback(q request, cause error) result {
	offline := r.opts.Offline || errors.Is(cause, hub.ErrOffline)
	if cat := r.catalogInfo(q); cat != nil {
		res := result{info: cat, status: sbom.StatusResolved}
		// Offline, the catalog is the expected answer (the model's source
		// and snapshot say so); online it stands in for a hub that failed,
		// which the user should hear about.
		if !offline {
			res.warning = fmt.Sprintf("answered from the built-in catalog (snapshot %s): %v", cat.Snapshot, cause)
		}
		return res
	}
	if offline {
		return result{status: sbom.StatusOffline, reason: fmt.Sprintf("offline and not in the cache or the built-in catalog: %v", cause)}
	}
	return result{status: sbom.StatusError, reason: cause.Error()}
}

// catalogInfo is the built-in fact for a model: the known-models catalog,
// or for Ollama tags the tag table. Catalog facts describe the default
// branch at their snapshot, not a pinned revision; they still beat no
// answer, and the snapshot tells the reader their age.
func (r *resolver) catalogInfo(q request) *hub.ModelInfo {
	if q.hub == sbom.HubOllama {
		if m, ok := ollama.Lookup(q.id); ok {
			return m.ModelInfo(q.id)
		}
		return nil
	}
	e, ok := r.opts.Catalog.Lookup(q.hub, q.id)
	if !ok {
		return nil
	}
	info := e.ModelInfo()
	info.RequestedID = q.id
	return info
}

func fill(info *hub.ModelInfo, q request) *hub.ModelInfo {
	if info.Hub == "" {
		info.Hub = q.hub
	}
	if info.RequestedID == "" {
		info.RequestedID = q.id
	}
	if info.Source == "" {
		info.Source = "hub"
	}
	return info
}

func fillOrNil(info *hub.ModelInfo, q request) *hub.ModelInfo {
	if info == nil {
		return nil
	}
	return fill(info, q)
}

func localInfo(q request) *hub.ModelInfo {
	info := &hub.ModelInfo{Hub: sbom.HubLocal, ID: q.id, RequestedID: q.id, Source: SourceFile}
	if l := q.local; l != nil {
		info.License, info.LicenseName, info.LicenseLink = l.License, l.LicenseName, l.LicenseLink
		info.Datasets = append(info.Datasets, l.Datasets...)
		info.Files = append(info.Files, l.Files...)
		for _, b := range l.BaseModels {
			if h, id, _, err := sbom.ParseRef(b.Ref); err == nil {
				info.BaseModels = append(info.BaseModels, hub.BaseRef{Hub: h, ID: id, Relation: b.Relation})
			}
		}
	}
	return info
}

// outageWhy is the short reason of an outage: the HTTP layer's one-line
// "cannot reach HOST: WHY", else the budget, else the whole error.
func outageWhy(err error) string {
	var ue *httpx.UnreachableError
	if errors.As(err, &ue) {
		return ue.Error()
	}
	if errors.Is(err, hub.ErrBudget) {
		return hub.ErrBudget.Error()
	}
	return err.Error()
}
