//go:build amd64 && !purego

#include "textflag.h"

// func vectorScan(src []byte, m *vecMasks, from int) (pos int, hits uint32)
//
// For a block of 32 positions i..i+31, Y0/Y1/Y2 hold the bytes at i, i+1,
// i+2: byte j of the trigram starting at each position. Each is split into
// nibbles, looked up in its bucket tables with VPSHUFB, and the three
// results ANDed: a nonzero byte k means position i+k may start an anchor.
TEXT ·vectorScan(SB), NOSPLIT, $0-52
	MOVQ src_base+0(FP), SI
	MOVQ src_len+8(FP), DX
	MOVQ m+24(FP), AX
	MOVQ from+32(FP), CX
	VMOVDQU 0(AX), Y8     // lo[0]
	VMOVDQU 32(AX), Y9    // hi[0]
	VMOVDQU 64(AX), Y10   // lo[1]
	VMOVDQU 96(AX), Y11   // hi[1]
	VMOVDQU 128(AX), Y12  // lo[2]
	VMOVDQU 160(AX), Y13  // hi[2]
	VMOVDQU 192(AX), Y7   // 0x0f
	SUBQ $34, DX          // the last block starts at len-34 or before

loop:
	CMPQ CX, DX
	JGT  none
	VMOVDQU (SI)(CX*1), Y0
	VMOVDQU 1(SI)(CX*1), Y1
	VMOVDQU 2(SI)(CX*1), Y2

	VPSRLW  $4, Y0, Y3
	VPAND   Y7, Y0, Y0
	VPAND   Y7, Y3, Y3
	VPSHUFB Y0, Y8, Y0
	VPSHUFB Y3, Y9, Y3
	VPAND   Y3, Y0, Y0

	VPSRLW  $4, Y1, Y4
	VPAND   Y7, Y1, Y1
	VPAND   Y7, Y4, Y4
	VPSHUFB Y1, Y10, Y1
	VPSHUFB Y4, Y11, Y4
	VPAND   Y4, Y1, Y1
	VPAND   Y1, Y0, Y0

	VPSRLW  $4, Y2, Y5
	VPAND   Y7, Y2, Y2
	VPAND   Y7, Y5, Y5
	VPSHUFB Y2, Y12, Y2
	VPSHUFB Y5, Y13, Y5
	VPAND   Y5, Y2, Y2
	VPAND   Y2, Y0, Y0

	VPTEST Y0, Y0
	JNZ    found
	ADDQ   $32, CX
	JMP    loop

found:
	VPXOR     Y1, Y1, Y1
	VPCMPEQB  Y1, Y0, Y0
	VPMOVMSKB Y0, BX
	NOTL      BX
	MOVQ      CX, pos+40(FP)
	MOVL      BX, hits+48(FP)
	VZEROUPPER
	RET

none:
	MOVQ CX, pos+40(FP)
	MOVL $0, hits+48(FP)
	VZEROUPPER
	RET
