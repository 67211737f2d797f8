// Package hub defines what every model hub client answers: metadata, the
// model card and license files of one model or dataset, with typed errors
// for the states a scan reports (not found, gated, offline).
package hub

import (
	"context"
	"errors"
)

// Client is one hub (Hugging Face, ModelScope, GitHub, Ollama).
type Client interface {
	// Name is the hub's name as used in report refs: huggingface,
	// modelscope, github, ollama.
	Name() string
	// Model fetches what the hub knows about one model. revision may be
	// empty for the default branch.
	Model(ctx context.Context, id, revision string) (*ModelInfo, error)
}

// DatasetClient is implemented by hubs that host datasets.
type DatasetClient interface {
	Dataset(ctx context.Context, id, revision string) (*DatasetInfo, error)
}

// ModelInfo is what a hub says about one model.
type ModelInfo struct {
	Hub string
	// ID is the canonical id (after the hub's redirects for renamed repos);
	// RequestedID is the id the caller asked for.
	ID          string
	RequestedID string
	// RefusedID is a canonical id the hub answered that has not the hub's
	// id shape (ValidID); ID is then the requested id.
	RefusedID string
	Revision  string // resolved commit sha when the hub reports one
	Gated     bool
	Private   bool
	// Declared license as the hub or card metadata states it.
	License     string
	LicenseName string
	LicenseLink string
	// Licenses lists every declared license id when the card gives a list
	// (`license: [llama2, other]`); License is its first element.
	Licenses []string
	// BaseModels are the declared ancestors, with ids on the same hub
	// unless Hub is set.
	BaseModels  []BaseRef
	Datasets    []string
	PipelineTag string
	LibraryName string
	Tags        []string
	// Created and Modified are the repository's creation and last-change
	// times (RFC 3339) when the hub reports them.
	Created  string
	Modified string
	// Card is the model card (README) text, when it could be read.
	Card []byte
	// Files are license-related files read from the repository
	// (LICENSE*, USE_POLICY*, the license_link target).
	Files []File
	// FileNames lists the repository's files when the hub reported them.
	FileNames []string
	// WeightFiles are the weight files the hub listed with a sha256 (the
	// Hub's LFS sha256 with ?blobs=true, ModelScope's Sha256), at Revision.
	WeightFiles []WeightFile
	// Source is hub, cache or catalog.
	Source string
	// Snapshot is the date of the fact when Source is catalog.
	Snapshot string
	// Partial explains what could not be read (gated files, a file over the
	// size cap) when the metadata itself was read.
	Partial string
	// Established is the license aibom's built-in catalog established for
	// a model whose card declares none (scanner/knownmodels/established.yaml),
	// with where it was read. It never replaces a declaration: License and
	// LicenseName stay as the card has them. Nil for hub answers.
	Established *EstablishedLicense
}

// EstablishedLicense is a license established from the publisher's
// repository or the licensor's published terms rather than declared on the
// card. License is a licenses catalog key or SPDX id; "" when nothing could
// be established (Note then says why).
type EstablishedLicense struct {
	License string
	Source  string // repo@commit:path or URL
	Read    string // YYYY-MM-DD
	Note    string
}

// BaseRef is one declared ancestor.
type BaseRef struct {
	Hub      string // empty: the same hub as the model
	ID       string
	Relation string // finetune | adapter | quantized | merge | unknown
}

// File is a file read from a model repository.
type File struct {
	Path    string
	Content []byte
}

// WeightFile is one weight file of a repository and its sha256.
type WeightFile struct {
	Path   string
	SHA256 string
	Size   int64
}

// DatasetInfo is what a hub says about one dataset.
type DatasetInfo struct {
	Hub         string
	ID          string
	Revision    string
	License     string
	LicenseName string
	LicenseLink string
	Gated       bool
	Source      string
}

// Errors a client returns, wrapped with context; test with errors.Is.
var (
	ErrNotFound         = errors.New("not found")
	ErrRevisionNotFound = errors.New("revision not found")
	ErrGated            = errors.New("gated: access must be requested")
	ErrUnauthorized     = errors.New("unauthorized or private")
	ErrOffline          = errors.New("offline: not in cache or catalog")
	// ErrInvalidID: the id has not the hub's shape; no request was made,
	// and none would answer (offline or not).
	ErrInvalidID   = errors.New("invalid id")
	ErrRateLimited = errors.New("rate limited")
	// ErrUnreachable: the hub's host could not be reached at all (DNS
	// failure, connection refused, no route). Such a failure is not
	// retried, and the HTTP layer stops dialling the host for a while.
	ErrUnreachable = errors.New("hub unreachable")
	// ErrBudget: the scan's request budget is spent; no request was made.
	ErrBudget = errors.New("request budget spent")
)
