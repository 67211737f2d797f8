package httpx

import "testing"

func TestEndpoint(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"", "https://huggingface.co"},
		{"  https://hf-mirror.example/ ", "https://hf-mirror.example"},
		{"http://127.0.0.1:8080//", "http://127.0.0.1:8080"},
		{"https://ghe.example.com/api/v3/", "https://ghe.example.com/api/v3"},
		{"ftp://x.example", ""},
		{"https://user:pass@x.example", ""},
		{"huggingface.co", ""},
		{"https://", ""},
		{"http://0/#", ""},
		{"https://hf-mirror.example/?token=x", ""},
		{"https://hf-mirror.example/?", ""},
	} {
		u, err := Endpoint(tc.raw, "https://huggingface.co")
		got := ""
		if err == nil {
			got = u.String()
		}
		if got != tc.want {
			t.Errorf("Endpoint(%q) = %q (%v), want %q", tc.raw, got, err, tc.want)
		}
	}
}

func TestEndpointOr(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"", "https://huggingface.co"},
		{"https://hf-mirror.example/", "https://hf-mirror.example"},
		{"https://user:pw@evil.example", "https://huggingface.co"},
		{"http://0/#", "https://huggingface.co"},
	} {
		if got := EndpointOr(tc.raw, "https://huggingface.co").String(); got != tc.want {
			t.Errorf("EndpointOr(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}
