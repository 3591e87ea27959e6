/// Storage SOP classes (PS3.4 Annex B) an SCU proposes when it has to say in advance what it can
/// receive (C-GET): the image, presentation, document and object classes radiology archives hold.
public enum StorageSOPClasses {
    public static let common: [String] = [
        "1.2.840.10008.5.1.4.1.1.1",        // CR Image
        "1.2.840.10008.5.1.4.1.1.1.1",      // Digital X-Ray Image (presentation)
        "1.2.840.10008.5.1.4.1.1.1.1.1",    // Digital X-Ray Image (processing)
        "1.2.840.10008.5.1.4.1.1.1.2",      // Digital Mammography X-Ray Image (presentation)
        "1.2.840.10008.5.1.4.1.1.1.2.1",    // Digital Mammography X-Ray Image (processing)
        "1.2.840.10008.5.1.4.1.1.2",        // CT Image
        "1.2.840.10008.5.1.4.1.1.2.1",      // Enhanced CT Image
        "1.2.840.10008.5.1.4.1.1.3.1",      // Ultrasound Multi-frame Image
        "1.2.840.10008.5.1.4.1.1.4",        // MR Image
        "1.2.840.10008.5.1.4.1.1.4.1",      // Enhanced MR Image
        "1.2.840.10008.5.1.4.1.1.6.1",      // Ultrasound Image
        "1.2.840.10008.5.1.4.1.1.7",        // Secondary Capture Image
        "1.2.840.10008.5.1.4.1.1.12.1",     // X-Ray Angiographic Image
        "1.2.840.10008.5.1.4.1.1.12.2",     // X-Ray Radiofluoroscopic Image
        "1.2.840.10008.5.1.4.1.1.13.1.3",   // Breast Tomosynthesis Image
        "1.2.840.10008.5.1.4.1.1.20",       // Nuclear Medicine Image
        "1.2.840.10008.5.1.4.1.1.128",      // PET Image
        "1.2.840.10008.5.1.4.1.1.481.1",    // RT Image
        "1.2.840.10008.5.1.4.1.1.11.1",     // Grayscale Softcopy Presentation State
        "1.2.840.10008.5.1.4.1.1.88.11",    // Basic Text SR
        "1.2.840.10008.5.1.4.1.1.88.22",    // Enhanced SR
        "1.2.840.10008.5.1.4.1.1.88.33",    // Comprehensive SR
        "1.2.840.10008.5.1.4.1.1.88.59",    // Key Object Selection Document
        "1.2.840.10008.5.1.4.1.1.88.67",    // X-Ray Radiation Dose SR
        "1.2.840.10008.5.1.4.1.1.104.1",    // Encapsulated PDF
    ]
}
