extension MessageStructure {
    /// DFT_P03: post detail financial transactions (charges for performed exams).
    static let dftP03 = MessageStructure("DFT_P03", [
        seg("MSH"), rep("SFT"), seg("EVN"), seg("PID"), opt("PD1"), rep("ROL"), opt("PV1"), opt("PV2"), rep("ROL"), rep("DB1"),
        group("COMMON_ORDER", repeating: true, opt("ORC"), group("ORDER", seg("OBR"), rep("NTE")),
              group("OBSERVATION", repeating: true, seg("OBX"), rep("NTE"))),
        group("FINANCIAL", required: true, repeating: true,
              seg("FT1"), group("FINANCIAL_PROCEDURE", repeating: true, seg("PR1"), rep("ROL")),
              group("FINANCIAL_COMMON_ORDER", repeating: true, opt("ORC"), group("FINANCIAL_ORDER", seg("OBR"), rep("NTE")),
                    group("FINANCIAL_OBSERVATION", repeating: true, seg("OBX"), rep("NTE")))),
        rep("DG1"), opt("DRG"), rep("GT1"),
        group("INSURANCE", repeating: true, seg("IN1"), opt("IN2"), rep("IN3"), rep("ROL")),
        opt("ACC"),
    ])

    /// QBP_Q11 (and the other QBP queries): query by parameter.
    static let qbpQ11 = MessageStructure("QBP_Q11", [
        seg("MSH"), rep("SFT"), opt("UAC"), seg("QPD"), .anything, seg("RCP"), opt("DSC"),
    ])

    /// RSP_K11 (and the other RSP responses): segment pattern response.
    static let rspK11 = MessageStructure("RSP_K11", [
        seg("MSH"), rep("SFT"), opt("UAC"), seg("MSA"), rep("ERR"), seg("QAK"), seg("QPD"), .anything, opt("DSC"),
    ])

    /// ACK: general acknowledgement.
    static let ack = MessageStructure("ACK", [
        seg("MSH"), rep("SFT"), opt("UAC"), seg("MSA"), rep("ERR"),
    ])
}
