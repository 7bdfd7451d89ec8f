/// What a therapist might assess next when a movement fault is flagged, with the evidence behind
/// it. Worded as suggestions to assess, never as a diagnosis. Every statement rests on the
/// verified list of `../shared/notes/clinical-references.md` (sections named in comments).
struct AssessmentSuggestion: Sendable {
    var fault: String
    var structures: String
    var evidence: String
    var caution: String

    static func forMeasure(_ measure: ReportMeasure) -> AssessmentSuggestion? {
        switch measure {
        case .pelvicDrop:
            // §2 Pelvic drop (Bramah 2018, 2019); §2 Knee/hip (Dierks 2008).
            AssessmentSuggestion(
                fault: "Contralateral pelvic drop: in this side's stance, the swing-side hip drops",
                structures: "hip abductor strength and endurance (gluteus medius and minimus) and tensor fasciae latae; lateral trunk lean at midstance; the preferred step rate",
                evidence: "Injured runners, patellofemoral pain among them, showed more contralateral pelvic drop than controls (Bramah et al. 2018, Am J Sports Med 46(12):3023–3031). Runners with patellofemoral pain had lower hip abduction strength (Dierks et al. 2008, J Orthop Sports Phys Ther 38(8):448–456). A 10 % higher step rate reduced pelvic drop by 3.1° (95 % CI 1.9–4.4) in runners with patellofemoral pain (Bramah et al. 2019, Am J Sports Med 47(14):3406–3413): trialling +5–10 % of the preferred step rate may be worth considering; there is no universal target.",
                caution: "Between-session changes smaller than the measurement error of IMU frontal-plane angles (between-day RMSE 0.7–5.0°, Front Bioeng Biotechnol 2022, doi:10.3389/fbioe.2022.1005496) may not be real.")
        case .kneeValgus:
            // §1 table (PMC6044588, Willy 2012, 2D-vs-3D study); §2 Knee/hip (Noehren 2013).
            AssessmentSuggestion(
                fault: "Knee abduction (dynamic valgus): the knee moves medially of the hip–ankle line",
                structures: "hip abductors and external rotators (hip adduction and internal rotation often accompany it); the balance of vastus medialis obliquus and vastus lateralis and patellar tracking; the lateral retinaculum; foot posture",
                evidence: "Greater hip adduction preceded patellofemoral pain in female runners (Noehren et al. 2013, Med Sci Sports Exerc 45(6):1120–1124); male runners with patellofemoral pain showed more peak knee adduction than controls (Willy et al. 2012, Med Sci Sports Exerc 44(11):2165–2171).",
                caution: "Descriptive: IMU frontal-plane knee angles carry errors of several degrees, and 2D valgus did not track 3D knee abduction (study attributed to Dingenen et al. 2018).")
        case .peakEversion, .pronation:
            // §2 Rearfoot (Lee & Hertel 2012, Barton 2009, Noehren 2013, Silva 2020).
            AssessmentSuggestion(
                fault: "Rearfoot eversion (over-pronation): the sole turns outward, medial border down",
                structures: "the foot and ankle: rearfoot and arch posture in standing, subtalar and ankle dorsiflexion mobility, tibialis posterior and intrinsic foot muscle strength; footwear",
                evidence: "Runners with patellofemoral pain showed more eversion at heel strike and a delayed peak eversion (systematic review, Barton et al. 2009, Gait Posture 30(4):405–416).",
                caution: "Peak eversion did not predict patellofemoral pain prospectively (Noehren et al. 2013, P = 0.1); its value depends on the reference posture (Lee & Hertel 2012); shoes designed for a foot type did not correct eversion (Silva et al. 2020).")
        case .eversionVelocity:
            nil
        }
    }
}
