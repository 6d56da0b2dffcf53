#!/bin/sh
# Writes N megabytes of made-up Korean news text to standard output for
# the rinse-dedup benchmarks: NUL-separated documents of 10 to 30
# paragraphs, each paragraph two to five sentences from a fixed word list,
# with the repeats real pages have: a caption twice, the body pasted
# twice, the title again at the bottom, the summary glued into the body.
#
#   sh bench/dedup-gen.sh 100 > bench/data/dedup-100m.z
#
# Deterministic: the same N gives the same bytes (awk's srand(1)).
n=${1:?usage: dedup-gen.sh MEGABYTES}
awk -v mb="$n" 'BEGIN {
	srand(1)
	nw = split("정부 위원회 도서관 주민 관계자 연구진 반도체 인공지능 " \
	    "예산 계획 발표 회의 기업 시장 투자 성장 지역 학교 학생 교수 " \
	    "장관 의원 국회 토론회 산업 기술 개발 데이터 서비스 플랫폼 " \
	    "경쟁력 생태계 인프라 전력 효율 모델 설계 공정 수출 수입 가격 " \
	    "물가 금리 은행 환율 증시 주가 실적 매출 영업이익 소비자 " \
	    "올해 내년 지난해 이번 다음 오전 오후 최근 현재 당시 " \
	    "크게 새로 함께 다시 이미 아직 계속 가장 더욱 특히 " \
	    "AI GPU 2024년 3분기 10% 1조원 CEO R&D 5G NPU " \
	    "확대 추진 강화 지원 마련 검토 논의 협력 도입 전환 " \
	    "필요하다 중요하다 어렵다 가능하다 높다 낮다 많다 적다", w, " ")
	ne = split("밝혔다 말했다 강조했다 설명했다 전했다 덧붙였다 " \
	    "예정이다 계획이다 방침이다 분석이다", e, " ")
	limit = mb * 1048576
	while (bytes < limit) {
		np = 10 + int(rand() * 21)
		for (p = 1; p <= np; p++) {
			ns = 2 + int(rand() * 4)
			t = ""
			for (s = 1; s <= ns; s++) {
				nt = 6 + int(rand() * 10)
				for (k = 1; k <= nt; k++)
					t = t w[1 + int(rand() * nw)] \
					    (rand() < 0.1 ? ", " : " ")
				t = t w[1 + int(rand() * nw)] "고 " \
				    e[1 + int(rand() * ne)] ". "
			}
			para[p] = substr(t, 1, length(t) - 1)
		}
		out = ""
		for (p = 1; p <= np; p++) {
			out = out para[p] "\n"
			r = rand()
			if (r < 0.05)			# caption twice
				out = out para[p] "\n"
			else if (r < 0.08 && p > 2)	# summary glued
				out = out "그는 이같이 말했다." para[2] "\n"
		}
		if (rand() < 0.1)			# body pasted twice
			for (p = 2; p <= np; p++)
				out = out para[p] "\n"
		if (rand() < 0.2)			# title at the bottom
			out = out para[1] "\n"
		printf "%s%c", out, 0
		bytes += length(out) + 1
	}
}'
