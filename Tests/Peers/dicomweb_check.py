"""DICOMweb exercised by a real client (dicomweb-client) against a running RadBridge engine.

Usage: dicomweb_check.py HTTP_PORT DICOM_PORT

The engine must know two orders (fixtures adt_a04_register, orm_o01_new_ge_zds and
orm_o01_siemens_zsi) and run with `dicom.stowMaxBytes: 2000000`. Instances are made here with
pydicom, stored with STOW-RS (and one with C-STORE through pynetdicom), then searched, retrieved
and rendered; every check failure raises. Prints "OK" at the end.
"""
import io
import json
import math
import sys

import numpy as np
import pydicom
import requests
from dicomweb_client.api import DICOMwebClient
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, generate_uid
from pynetdicom import AE

HTTP_PORT, DICOM_PORT = int(sys.argv[1]), int(sys.argv[2])
BASE = f"http://127.0.0.1:{HTTP_PORT}/dicomweb"
GE_STUDY = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"
MR_STUDY = "1.2.826.0.1.3680043.10.1423.77.1"
CT_SERIES_1 = "1.2.826.0.1.3680043.10.1423.77.11"
CT_SERIES_2 = "1.2.826.0.1.3680043.10.1423.77.12"
MR_SERIES = "1.2.826.0.1.3680043.10.1423.77.21"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4"
SC_IMAGE = "1.2.840.10008.5.1.4.1.1.7"

client = DICOMwebClient(url=BASE)


def store(datasets, study=None):
    try:
        return client.store_instances(datasets, study_instance_uid=study)
    except requests.HTTPError as error:
        raise AssertionError(f"STOW {error.response.status_code}: {error.response.text}")


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def instance(sop_class, sop_uid, study, series, patient, issuer, accession, modality, study_date,
             syntax=ExplicitVRLittleEndian):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
    ds.file_meta.TransferSyntaxUID = syntax
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_uid
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
    ds.PatientID, ds.IssuerOfPatientID, ds.PatientName = patient, issuer, "DOE^JANE^MARIE"
    ds.PatientBirthDate, ds.PatientSex = "19710415", "F"
    ds.AccessionNumber, ds.Modality = accession, modality
    ds.StudyDate, ds.StudyTime, ds.StudyID = study_date, "093000", "1"
    ds.StudyDescription = "Study Ω ü"  # not ASCII: UTF-8 must survive the JSON model
    ds.ReferringPhysicianName = "SMITH^JOHN"
    ds.SeriesNumber, ds.InstanceNumber = 1, 1
    return ds


def ct_signed():
    """12 of 16 bits, signed, rescaled and windowed by its header."""
    ds = instance(CT_IMAGE, "1.2.826.0.1.3680043.10.1423.77.101", GE_STUDY, CT_SERIES_1, "MRN100234", "GENHOSP",
                  "ACC20261122001", "CT", "20261122")
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows, ds.Columns = 3, 4
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 1
    ds.RescaleSlope, ds.RescaleIntercept = "2", "-1000"
    ds.WindowCenter, ds.WindowWidth = "40", "400"
    stored = np.array([-2048, -500, 0, 400, 480, 500, 520, 560, 600, 700, 1024, 2047], dtype=np.int16)
    ds.PixelData = stored.tobytes()
    return ds, stored.astype(float) * 2 - 1000


def mono1_frames():
    """8-bit unsigned MONOCHROME1 with two frames."""
    ds = instance(CT_IMAGE, "1.2.826.0.1.3680043.10.1423.77.102", GE_STUDY, CT_SERIES_2, "MRN100234", "GENHOSP",
                  "ACC20261122001", "CT", "20261122")
    ds.SeriesNumber = 2
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME1"
    ds.Rows, ds.Columns, ds.NumberOfFrames = 2, 2, 2
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.WindowCenter, ds.WindowWidth = "128", "256"
    frames = np.array([[0, 64, 128, 255], [10, 100, 200, 250]], dtype=np.uint8)
    ds.PixelData = frames.tobytes()
    return ds, frames.astype(float)


def rgb_planar():
    ds = instance(SC_IMAGE, "1.2.826.0.1.3680043.10.1423.77.201", MR_STUDY, MR_SERIES, "NC-448812", "NORTHCLINIC",
                  "NCACC0091", "MR", "20261121")
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 1
    ds.Rows, ds.Columns = 2, 3
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    rgb = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3) * 13
    ds.PixelData = np.moveaxis(rgb, 2, 0).tobytes()  # planes R, G, B
    return ds, rgb


def linear(x, c, w):
    if x <= c - 0.5 - (w - 1) / 2:
        return 0
    if x > c - 0.5 + (w - 1) / 2:
        return 255
    return math.floor(((x - (c - 0.5)) / (w - 1) + 0.5) * 255 + 0.5)


def png_pixels(data, mode):
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "rendered response is not a PNG")
    image = Image.open(io.BytesIO(data))
    image.load()  # checks the CRCs and the zlib stream
    check(image.mode == mode, f"PNG mode {image.mode}, expected {mode}")
    return np.array(image)


def same_dataset(got, expected, what):
    for element in expected:
        check(element.tag in got, f"{what}: {element.keyword} missing")
        check(got[element.tag].value == element.value, f"{what}: {element.keyword} is {got[element.tag].value!r}, stored {element.value!r}")
    check(len([e for e in got if e.tag.group != 2]) == len(expected), f"{what}: extra elements {set(e.keyword for e in got) - set(e.keyword for e in expected)}")


def stow_raw(body, content_type, path="/studies"):
    return requests.post(BASE + path, data=body, headers={"Content-Type": content_type})


def part10(ds):
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def multipart(parts, boundary="b0undary"):
    body = b""
    for content_type, data in parts:
        body += f"--{boundary}\r\nContent-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n"
    return body + f"--{boundary}--\r\n".encode()


def sequence(response_json, tag):
    return response_json.get(tag, {}).get("Value", [])


ct, ct_values = ct_signed()
mono1, mono1_frames_values = mono1_frames()
rgb, rgb_values = rgb_planar()

# --- STOW-RS: two instances of the GE order's study, in one request, to the study's URL.
result = store([ct, mono1], GE_STUDY)
referenced = result.get("ReferencedSOPSequence", [])
check(len(referenced) == 2 and "FailedSOPSequence" not in result, f"STOW of two: {result}")
check(referenced[0].ReferencedSOPInstanceUID == ct.SOPInstanceUID, "STOW order of referenced instances")
check(referenced[0].RetrieveURL.endswith(f"/studies/{GE_STUDY}/series/{CT_SERIES_1}/instances/{ct.SOPInstanceUID}"), "RetrieveURL")

# The MR/secondary capture instance links to the Siemens order by accession (its own study UID).
result = store([rgb])
check(len(result.ReferencedSOPSequence) == 1, f"STOW of the RGB image: {result}")

# --- C-STORE: one more CT instance through the DICOM listener lands in the same index (implicit VR).
cstore = instance(CT_IMAGE, "1.2.826.0.1.3680043.10.1423.77.103", GE_STUDY, CT_SERIES_1, "MRN100234", "GENHOSP",
                  "ACC20261122001", "CT", "20261122", syntax=ImplicitVRLittleEndian)
cstore.InstanceNumber = 2
ae = AE(ae_title="CT_NORTH_1")
ae.add_requested_context(CT_IMAGE, ImplicitVRLittleEndian)
assoc = ae.associate("127.0.0.1", DICOM_PORT, ae_title="RADBRIDGE")
check(assoc.is_established, "C-STORE association")
status = assoc.send_c_store(cstore)
assoc.release()
check(status.Status == 0, f"C-STORE status {status.Status:04X}")

# --- Quarantine: the order's accession but another patient: stored (202), held, not retrievable.
wrong = instance(CT_IMAGE, "1.2.826.0.1.3680043.10.1423.77.109", GE_STUDY, CT_SERIES_1, "MRN999999", "GENHOSP",
                 "ACC20261122001", "CT", "20261122")
response = stow_raw(multipart([("application/dicom", part10(wrong))]), 'multipart/related; type="application/dicom"; boundary=b0undary')
check(response.status_code == 202, f"quarantined STOW status {response.status_code}")
check(response.headers["Content-Type"] == "application/dicom+json", "STOW response media type")
check("quarantined" in response.headers.get("Warning", ""), "quarantine Warning header")
item = sequence(response.json(), "00081199")[0]
check("00081190" not in item, "a quarantined instance has no RetrieveURL")

# --- STOW failures: study UID not the URL's (0xA900), not DICOM (0xC000), mixed (202).
other = instance(CT_IMAGE, "1.2.826.0.1.3680043.10.1423.77.110", "1.2.826.0.1.3680043.10.1423.77.9", CT_SERIES_1,
                 "MRN100234", "GENHOSP", "ACC20261122001", "CT", "20261122")
try:
    client.store_instances([other], study_instance_uid=GE_STUDY)
    check(False, "storing another study to a study URL must fail")
except requests.HTTPError as error:
    check(error.response.status_code == 409, f"all failed → 409, got {error.response.status_code}")
    failed = sequence(error.response.json(), "00081198")
    check(failed[0]["00081197"]["Value"] == [0xA900], f"failure reason {failed}")
    check(failed[0]["00081155"]["Value"] == [other.SOPInstanceUID], "failed SOP instance named")
response = stow_raw(multipart([("application/dicom", b"not a dicom file at all" * 10)]),
                    'multipart/related; type="application/dicom"; boundary=b0undary')
check(response.status_code == 409, f"garbage part → 409, got {response.status_code}")
check(sequence(response.json(), "00081198")[0]["00081197"]["Value"] == [0xC000], "garbage part failure reason")
response = stow_raw(multipart([("application/dicom", part10(ct)), ("application/dicom", b"junk")]),
                    'multipart/related; type="application/dicom"; boundary=b0undary')
check(response.status_code == 202, f"one good, one bad → 202, got {response.status_code}")

# --- Bad requests change nothing.
check(stow_raw(b"{}", "application/json").status_code == 415, "JSON body → 415")
check(stow_raw(multipart([("application/dicom", part10(ct))]), 'multipart/related; type="application/dicom+json"; boundary=b0undary').status_code == 415,
      "STOW of dicom+json → 415")
check(stow_raw(b"--x\r\n", 'multipart/related; type="application/dicom"').status_code == 400, "no boundary → 400")
check(stow_raw(b"no boundary here", 'multipart/related; type="application/dicom"; boundary=b0undary').status_code == 400, "unframed body → 400")
check(stow_raw(b"--b0undary\r\nContent-Type: application/dicom\r\n\r\nunterminated", 'multipart/related; type="application/dicom"; boundary=b0undary').status_code == 400,
      "unterminated part → 400")
huge = multipart([("application/dicom", b"\0" * 2_100_000)])
response = stow_raw(huge, 'multipart/related; type="application/dicom"; boundary=b0undary')
check(response.status_code == 413, f"body over stowMaxBytes → 413, got {response.status_code}")
check(stow_raw(multipart([("application/dicom", part10(ct))]), 'multipart/related; type="application/dicom"; boundary=b0undary',
               path="/studies/1.2.abc").status_code == 400, "invalid study UID in the STOW path → 400")

for path, expected in [(f"/studies/1.2.abc/series", 400), (f"/studies/01.2.3", 400), (f"/studies/{GE_STUDY}/series/1..2/instances", 400),
                       (f"/studies/{'1.2' * 30}/metadata", 400), ("/studies/1.2.3.4.5.6", 404), ("/studies/1.2.3.4.5.6/metadata", 404),
                       ("/studies/1.2.3.4.5.6/series", 404), (f"/studies/{GE_STUDY}/series/1.2.3.9", 404),
                       (f"/studies/{GE_STUDY}/series/{CT_SERIES_1}/instances/1.2.3.9", 404),
                       ("/studies?StudyDate=2026-11", 400), ("/studies?limit=-1", 400), ("/studies?bogus=1", 400),
                       ("/studies?includefield=NotAKeyword", 400),
                       (f"/studies/{GE_STUDY}/series/{CT_SERIES_1}/instances/{ct.SOPInstanceUID}/rendered?window=abc", 400),
                       (f"/studies/{GE_STUDY}/series/{CT_SERIES_2}/instances/{mono1.SOPInstanceUID}/frames/3/rendered", 404),
                       (f"/studies/{GE_STUDY}/series/{CT_SERIES_1}/instances/{wrong.SOPInstanceUID}", 404)]:
    response = requests.get(BASE + path)
    check(response.status_code == expected, f"GET {path}: {response.status_code}, expected {expected}")
    check(response.headers["Content-Type"] == "application/problem+json", f"GET {path}: problem document")
response = requests.get(BASE + "/studies?PatientName=DOE*")
check(response.status_code == 200 and "PatientName" in response.headers.get("Warning", ""), "unsupported matching key → 200 + Warning")
response = requests.get(f"{BASE}/studies/{GE_STUDY}", headers={"Accept": 'multipart/related; type="application/octet-stream"'})
check(response.status_code == 406, f"retrieve as octet-stream → 406, got {response.status_code}")

# --- QIDO-RS
studies = client.search_for_studies()
check(sorted(s["0020000D"]["Value"][0] for s in studies) == sorted([GE_STUDY, MR_STUDY]), f"all studies: {studies}")
ge = client.search_for_studies(search_filters={"PatientID": "MRN100234"})
check(len(ge) == 1, f"PatientID: {ge}")
ge = pydicom.Dataset.from_json(ge[0])
check(ge.StudyInstanceUID == GE_STUDY and ge.AccessionNumber == "ACC20261122001", "study attributes")
check(ge.NumberOfStudyRelatedInstances == 3 and ge.NumberOfStudyRelatedSeries == 2, "study counts (quarantined not counted)")
check(ge.ModalitiesInStudy == "CT", f"ModalitiesInStudy {ge.ModalitiesInStudy}")
check(str(ge.PatientName) == "DOE^JANE^MARIE", "PatientName")
check("StudyDescription" not in ge, "StudyDescription is not a default study attribute")
check(ge.RetrieveURL.endswith(f"/dicomweb/studies/{GE_STUDY}"), "study RetrieveURL")
found = client.search_for_studies(search_filters={"PatientID": "MRN1*"})
check([s["0020000D"]["Value"][0] for s in found] == [GE_STUDY], "PatientID wildcard")
found = client.search_for_studies(search_filters={"AccessionNumber": "NCACC0091"})
check([s["0020000D"]["Value"][0] for s in found] == [MR_STUDY], "AccessionNumber")
for dates, expected in [("20261121", [MR_STUDY]), ("20261120-20261121", [MR_STUDY]), ("20261122-", [GE_STUDY]),
                        ("-20261122", sorted([GE_STUDY, MR_STUDY])), ("20250101-20251231", [])]:
    found = client.search_for_studies(search_filters={"StudyDate": dates})
    check(sorted(s["0020000D"]["Value"][0] for s in found) == expected, f"StudyDate {dates}: {found}")
found = client.search_for_studies(search_filters={"ModalitiesInStudy": "MR"})
check([s["0020000D"]["Value"][0] for s in found] == [MR_STUDY], "ModalitiesInStudy")
found = client.search_for_studies(search_filters={"StudyInstanceUID": GE_STUDY})
check(len(found) == 1 and found[0]["0020000D"]["Value"] == [GE_STUDY], "StudyInstanceUID")
first = client.search_for_studies(limit=1)
second = client.search_for_studies(limit=1, offset=1)
check(len(first) == 1 and len(second) == 1 and first[0] != second[0], "limit/offset pages")
check(client.search_for_studies(offset=2) == [], "offset past the end")
found = client.search_for_studies(search_filters={"PatientID": "MRN100234"}, fields=["StudyDescription"])
check(pydicom.Dataset.from_json(found[0]).StudyDescription == "Study Ω ü", "includefield by keyword, UTF-8 text")
found = client.search_for_studies(search_filters={"PatientID": "MRN100234"}, fields=["all"])
check("00081030" in found[0] and "00100030" in found[0], "includefield=all")
series = client.search_for_series(study_instance_uid=GE_STUDY)
check(sorted(s["0020000E"]["Value"][0] for s in series) == [CT_SERIES_1, CT_SERIES_2], f"series of the study: {series}")
one = [s for s in series if s["0020000E"]["Value"][0] == CT_SERIES_1][0]
check(one["00201209"]["Value"] == [2], "NumberOfSeriesRelatedInstances")
series = client.search_for_series(search_filters={"Modality": "MR"})
check([s["0020000E"]["Value"][0] for s in series] == [MR_SERIES], "series by Modality")
check(series[0]["00100020"]["Value"] == ["NC-448812"], "study attributes in a series search")
instances = client.search_for_instances(study_instance_uid=GE_STUDY, series_instance_uid=CT_SERIES_1)
check(sorted(i["00080018"]["Value"][0] for i in instances) == sorted([ct.SOPInstanceUID, cstore.SOPInstanceUID]), f"instances: {instances}")
check(all(i["00080016"]["Value"] == [CT_IMAGE] for i in instances), "SOPClassUID in instance results")
instances = client.search_for_instances(search_filters={"SOPInstanceUID": mono1.SOPInstanceUID}, fields=["all"])
check(len(instances) == 1 and instances[0]["00280008"]["Value"] == [2] and "7FE00010" not in instances[0], f"instance search, all fields: {instances}")
check(client.search_for_instances(study_instance_uid=GE_STUDY, search_filters={"SOPClassUID": MR_IMAGE}) == [], "SOPClassUID filter")

# --- WADO-RS: what comes back is what was stored.
got = client.retrieve_instance(GE_STUDY, CT_SERIES_1, ct.SOPInstanceUID)
same_dataset(got, ct, "retrieved CT")
got = client.retrieve_instance(GE_STUDY, CT_SERIES_1, cstore.SOPInstanceUID)  # the client asks transfer-syntax=*
check(got.file_meta.TransferSyntaxUID == ImplicitVRLittleEndian, "transfer-syntax=* gives the stored syntax")
same_dataset(got, cstore, "C-STORE instance retrieved")
got = client.retrieve_instance(GE_STUDY, CT_SERIES_1, cstore.SOPInstanceUID,
                               media_types=(("application/dicom", ExplicitVRLittleEndian),))
check(got.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian, "transcoded to the explicit VR little endian asked for")
same_dataset(got, cstore, "C-STORE instance transcoded")
response = requests.get(f"{BASE}/studies/{GE_STUDY}/series/{CT_SERIES_1}/instances/{cstore.SOPInstanceUID}",
                        headers={"Accept": 'multipart/related; type="application/dicom"'})
check(response.status_code == 200 and "transfer-syntax=1.2.840.10008.1.2.1" in response.text[:300],
      "without a transfer-syntax parameter: explicit VR little endian (PS3.18 default)")
study = client.retrieve_study(GE_STUDY)
check(sorted(d.SOPInstanceUID for d in study) == sorted([ct.SOPInstanceUID, mono1.SOPInstanceUID, cstore.SOPInstanceUID]), "retrieve study")
originals = {d.SOPInstanceUID: d for d in [ct, mono1, cstore]}
for d in study:
    same_dataset(d, originals[d.SOPInstanceUID], f"study instance {d.SOPInstanceUID}")
check(len(client.retrieve_series(GE_STUDY, CT_SERIES_2)) == 1, "retrieve series")
metadata = client.retrieve_instance_metadata(GE_STUDY, CT_SERIES_1, ct.SOPInstanceUID)
uri = metadata["7FE00010"]["BulkDataURI"]
check(metadata["7FE00010"]["vr"] in ("OW", "OB"), "pixel data VR")
described = pydicom.Dataset.from_json({k: v for k, v in metadata.items() if k != "7FE00010"})
for keyword in ["PatientID", "StudyInstanceUID", "Rows", "Columns", "BitsStored", "PixelRepresentation", "RescaleSlope",
                "RescaleIntercept", "WindowCenter", "StudyDescription", "PatientName"]:
    check(described[keyword].value == ct[keyword].value, f"metadata {keyword}: {described[keyword].value!r} vs {ct[keyword].value!r}")
# dicomweb-client sends "Host: 127.0.0.1" without the port, so the server's absolute URI names port 80.
uri = BASE + uri[uri.index("/dicomweb") + len("/dicomweb"):]
check(client.retrieve_bulkdata(uri)[0] == ct.PixelData, "pixel data through its BulkDataURI")
check(len(client.retrieve_study_metadata(GE_STUDY)) == 3, "study metadata")
check(len(client.retrieve_series_metadata(MR_STUDY, MR_SERIES)) == 1, "series metadata")

# --- Rendered
png = client.retrieve_instance_rendered(GE_STUDY, CT_SERIES_1, ct.SOPInstanceUID, media_types=("image/png",))
pixels = png_pixels(png, "L")
expected = np.array([linear(x, 40, 400) for x in ct_values]).reshape(3, 4)
check(np.abs(pixels.astype(int) - expected).max() <= 1, f"header window: {pixels} vs {expected}")
png = client.retrieve_instance_rendered(GE_STUDY, CT_SERIES_1, ct.SOPInstanceUID, media_types=("image/png",),
                                        params={"window": "0,2000,linear"})
expected = np.array([linear(x, 0, 2000) for x in ct_values]).reshape(3, 4)
check(np.abs(png_pixels(png, "L").astype(int) - expected).max() <= 1, "window from the query")
png = client.retrieve_instance_frames_rendered(GE_STUDY, CT_SERIES_2, mono1.SOPInstanceUID, frame_numbers=[2], media_types=("image/png",))
expected = np.array([255 - linear(x, 128, 256) for x in mono1_frames_values[1]]).reshape(2, 2)
check(np.abs(png_pixels(png, "L").astype(int) - expected).max() <= 1, "MONOCHROME1 frame 2 inverted")
png = client.retrieve_instance_rendered(MR_STUDY, MR_SERIES, rgb.SOPInstanceUID, media_types=("image/png",))
check((png_pixels(png, "RGB") == rgb_values).all(), "RGB planar configuration 1")

print("OK")
