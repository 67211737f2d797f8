package resolve

import (
	"reflect"
	"strings"
	"testing"

	"github.com/aibom/aibom/sbom"
	"github.com/aibom/aibom/scanner/hub"
)

// trustedInfoFields are the ModelInfo fields that never carry hub text:
// Established comes from aibom's own built-in catalog.
var trustedInfoFields = map[string]bool{"Established": true}

// TestEveryInfoStringSanitised fills every string of a hub answer — found by
// reflection, so a field added to hub.ModelInfo later is covered without
// anyone remembering this test — with a token, and checks that clean leaves
// none of them in place.
func TestEveryInfoStringSanitised(t *testing.T) {
	const tok = "hf_reflectedToken0123456789"
	var in hub.ModelInfo
	v := reflect.ValueOf(&in).Elem()
	for i := 0; i < v.NumField(); i++ {
		if trustedInfoFields[v.Type().Field(i).Name] {
			continue
		}
		fillStrings(v.Field(i), tok)
	}
	r := &resolver{opts: Options{Sanitizer: sbom.NewSanitizer(tok)}}
	out := r.clean(result{info: &in}).info
	ov := reflect.ValueOf(out).Elem()
	for i := 0; i < ov.NumField(); i++ {
		name := ov.Type().Field(i).Name
		if trustedInfoFields[name] {
			continue
		}
		if leaksToken(ov.Field(i), tok) {
			t.Errorf("ModelInfo.%s still holds the token after clean: add it to resolve/sanitize.go", name)
		}
	}
}

// fillStrings sets every string, []byte and string slice reachable from v (through
// structs, slices and pointers) to a value containing tok.
func fillStrings(v reflect.Value, tok string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x " + tok)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte("x " + tok))
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fillStrings(s.Index(0), tok)
		v.Set(s)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				fillStrings(v.Field(i), tok)
			}
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fillStrings(p.Elem(), tok)
		v.Set(p)
	}
}

func leaksToken(v reflect.Value, tok string) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.Contains(v.String(), tok)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return strings.Contains(string(v.Bytes()), tok)
		}
		for i := 0; i < v.Len(); i++ {
			if leaksToken(v.Index(i), tok) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if leaksToken(v.Field(i), tok) {
				return true
			}
		}
	case reflect.Pointer:
		return !v.IsNil() && leaksToken(v.Elem(), tok)
	}
	return false
}
