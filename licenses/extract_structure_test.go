package licenses

import "testing"

// TestExtractStructuralShapes holds terms whose deciding words sit in the
// structure, not the sentence: a list item under a lead that carries the
// duty or the ban, a section heading that names the subject, a cap in words.
// The rows were written before the rules that pass them.
func TestExtractStructuralShapes(t *testing.T) {
	const S, I = Stated, Inferred
	rows := []patternRow{
		{"list attribution", "3. Distribution\n\nIf you distribute the Model or a Derivative, you must:\n\n(a) give recipients a copy of this License; and\n\n(b) retain, in a NOTICE file you distribute, the following statement: Acme-7B is licensed under the Acme Community License, Copyright (c) Acme Inc.\n", fieldAttribution, "yes", S, "following statement"},
		{"heading attribution", "## Attribution\n\nProducts built with the Model must display the phrase Powered by Acme in their user interface or documentation.\n", fieldAttribution, "yes", S, "powered by acme"},
		{"zh list attribution", "第四条 分发\n\n您分发本模型或其衍生模型时，应当：\n\n（一）向接收者提供本协议副本；\n\n（二）在显著位置标明“基于Acme模型开发”。\n", fieldAttribution, "yes", S, "基于acme模型开发"},
		{"list output ban", "You agree that you will not:\n\n1. use the Model for illegal purposes;\n\n2. use the Model or any content it generates to develop any other foundation model.\n", fieldOutput, "yes", S, "content it generates"},
		{"zh list output ban", "您承诺不会：\n\n1. 将本模型用于违法用途；\n\n2. 使用本模型或其生成的任何内容开发其他基础模型。\n", fieldOutput, "yes", S, "生成"},
		{"section commercial", "2. Commercial Use\n\nYou may not use the Model for commercial purposes unless you have entered into a commercial agreement with Acme.\n", fieldCommercialUse, Conditional, S, "commercial agreement"},
		{"zh section commercial", "第三条 商业使用\n\n如您希望将本模型用于商业用途，须向许可方发送邮件申请，并在获得书面授权后方可使用。\n", fieldCommercialUse, Conditional, S, "申请"},
		{"output in products", "You may use outputs of the Model in commercial products, but you may not use them to train models that compete with Acme.", fieldOutput, "yes", S, "compete"},
		{"outputs owned, no train", "Acme does not claim ownership of outputs. However, you must not use outputs to train, fine-tune or distill other AI models.", fieldOutput, "yes", S, "other ai models"},
		{"naming list", "If you distribute a Derivative Model, you must:\n\n(a) name it with a prefix of \"Acme-\";\n\n(b) include this Agreement.\n", fieldNamingRule, "prefix Acme-", S, "prefix"},
		{"sharealike heading", "## Derivatives\n\nAny Derivative Model you release must be released under this License.\n", fieldShareAlike, "yes", S, "under this license"},
		{"registration heading", "## Access\n\nTo download the Model you must complete the request form on our website and accept this License.\n", fieldRegistration, "yes", S, "request form"},
		{"cap in words zh", "月活跃用户数超过一亿的，须另行向许可方申请许可。", fieldUserLimit, "100000000 monthly_active_users", S, "一亿"},
		{"grant silent + AUP", "Acme grants you a non-exclusive, worldwide, royalty-free license to use, reproduce, distribute and create derivative works of the Model, subject to the Acceptable Use Policy attached as Attachment A.", fieldCommercialUse, Allowed, I, "royalty-free"},
	}
	checkPatternRows(t, rows)
}
