package resolve

import (
	"github.com/aibom/aibom/scanner/hub"
)

// Caps on strings from an answer, in runes. Generous for real values; they
// only stop a hostile hub from filling the report.
const (
	maxID     = 300
	maxShort  = 200
	maxLink   = 2000
	maxReason = 1000
)

// clean passes every string of one answer through the sanitiser; every
// answer goes through it on its way from a worker to the scheduler. This
// is the one place hub text enters the graph, and so the report: the
// clients' own answers, the catalog's, a local file's, and the reasons
// and warnings built from a client's error (which may quote the body of
// an error page).
func (r *resolver) clean(res result) result {
	s := r.opts.Sanitizer
	res.reason = s.Line(res.reason, maxReason)
	res.warning = s.Line(res.warning, maxReason)
	res.outageWhy = s.Line(res.outageWhy, maxShort)
	if res.info == nil {
		return res
	}
	in := res.info
	out := *in
	line := func(v string, max int) string { return s.Line(v, max) }
	lines := func(vs []string, max int) []string {
		if vs == nil {
			return nil
		}
		o := make([]string, len(vs))
		for i, v := range vs {
			o[i] = line(v, max)
		}
		return o
	}
	out.Hub = line(in.Hub, maxShort)
	out.ID = line(in.ID, maxID)
	out.RequestedID = line(in.RequestedID, maxID)
	out.RefusedID = line(in.RefusedID, maxID)
	out.Revision = line(in.Revision, maxShort)
	out.License = line(in.License, maxShort)
	out.LicenseName = line(in.LicenseName, maxShort)
	out.LicenseLink = line(in.LicenseLink, maxLink)
	out.Licenses = lines(in.Licenses, maxShort)
	out.Datasets = lines(in.Datasets, maxID)
	out.PipelineTag = line(in.PipelineTag, maxShort)
	out.LibraryName = line(in.LibraryName, maxShort)
	out.Tags = lines(in.Tags, maxShort)
	out.Created = line(in.Created, maxShort)
	out.Modified = line(in.Modified, maxShort)
	out.Card = s.Text(in.Card)
	out.FileNames = lines(in.FileNames, maxID)
	out.Source = line(in.Source, maxShort)
	out.Snapshot = line(in.Snapshot, maxShort)
	out.Partial = line(in.Partial, maxReason)
	if in.BaseModels != nil {
		out.BaseModels = make([]hub.BaseRef, len(in.BaseModels))
		for i, b := range in.BaseModels {
			out.BaseModels[i] = hub.BaseRef{Hub: line(b.Hub, maxShort), ID: line(b.ID, maxID), Relation: line(b.Relation, maxShort)}
		}
	}
	if in.Files != nil {
		out.Files = make([]hub.File, len(in.Files))
		for i, f := range in.Files {
			out.Files[i] = hub.File{Path: line(f.Path, maxID), Content: s.Text(f.Content)}
		}
	}
	if in.WeightFiles != nil {
		out.WeightFiles = make([]hub.WeightFile, len(in.WeightFiles))
		for i, w := range in.WeightFiles {
			out.WeightFiles[i] = hub.WeightFile{Path: line(w.Path, maxID), SHA256: line(w.SHA256, maxShort), Size: w.Size}
		}
	}
	res.info = &out
	return res
}
