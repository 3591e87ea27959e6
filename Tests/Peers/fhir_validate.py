"""Validates FHIR R4 (4.0.1) JSON resources with the `fhir.resources` models (6.4.0, whose default
model set is R4 4.0.1; scripts/bootstrap installs it in its own virtual environment because it
needs pydantic 1), plus the required value-set bindings those models do not check.

usage: fhir_validate.py FILE...   (each file holds one resource)
prints `valid <type>/<id>` per resource; on any problem `invalid FILE: reason` and exit status 1.
"""
import json
import sys

import fhir.resources
from fhir.resources import construct_fhir_element

assert fhir.resources.__fhir_version__ == "4.0.1", fhir.resources.__fhir_version__

ISSUE_TYPES = {"invalid", "structure", "required", "value", "invariant", "security", "login", "unknown", "expired",
               "forbidden", "suppressed", "processing", "not-supported", "duplicate", "multiple-matches", "not-found",
               "deleted", "too-long", "code-invalid", "extension", "too-costly", "business-rule", "conflict",
               "transient", "lock-error", "no-store", "exception", "timeout", "incomplete", "throttled", "informational"}

# Required bindings (R4), by resource type and element path (array indices left out).
REQUIRED = {
    "Patient.gender": {"male", "female", "other", "unknown"},
    "Patient.link.type": {"replaced-by", "replaces", "refer", "seealso"},
    "*.identifier.use": {"usual", "official", "temp", "secondary", "old"},
    "Patient.name.use": {"usual", "official", "temp", "nickname", "anonymous", "old", "maiden"},
    "ServiceRequest.status": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    "ServiceRequest.intent": {"proposal", "plan", "directive", "order", "original-order", "reflex-order", "filler-order",
                              "instance-order", "option"},
    "ServiceRequest.priority": {"routine", "urgent", "asap", "stat"},
    "ImagingStudy.status": {"registered", "available", "cancelled", "entered-in-error", "unknown"},
    "DiagnosticReport.status": {"registered", "partial", "preliminary", "final", "amended", "corrected", "appended",
                                "cancelled", "entered-in-error", "unknown"},
    "Observation.status": {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                           "entered-in-error", "unknown"},
    "Appointment.status": {"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow",
                           "entered-in-error", "checked-in", "waitlist"},
    "Appointment.participant.status": {"accepted", "declined", "tentative", "needs-action"},
    "Bundle.type": {"searchset"},
    "Bundle.entry.search.mode": {"match", "include", "outcome"},
    "Bundle.link.relation": {"self", "first", "previous", "next", "last"},
    "OperationOutcome.issue.severity": {"fatal", "error", "warning", "information"},
    "OperationOutcome.issue.code": ISSUE_TYPES,
    "CapabilityStatement.status": {"draft", "active", "retired", "unknown"},
    "CapabilityStatement.kind": {"instance", "capability", "requirements"},
    "CapabilityStatement.fhirVersion": {"4.0.1"},
    "CapabilityStatement.rest.mode": {"client", "server"},
    "CapabilityStatement.rest.resource.interaction.code": {"read", "vread", "update", "patch", "delete",
                                                           "history-instance", "history-type", "create", "search-type"},
    "CapabilityStatement.rest.resource.searchParam.type": {"number", "date", "string", "token", "reference",
                                                           "composite", "quantity", "uri", "special"},
    "CapabilityStatement.rest.resource.versioning": {"no-version", "versioned", "versioned-update"},
}


def bindings(node, path, problems):
    """Walks a resource; nested resources (Bundle entries, contained) start their own path."""
    if isinstance(node, dict):
        if "resourceType" in node and path.count(".") > 0:
            path = node["resourceType"]
        if path.count(".") == 0 and node.get("resourceType") == "Appointment":
            if ("start" in node) != ("end" in node):
                problems.append("Appointment: app-2 start and end must both be present or both absent")
            if "start" not in node and node.get("status") not in ("proposed", "cancelled", "waitlist"):
                problems.append("Appointment: app-3 only proposed or cancelled appointments may lack a start")
        for key, value in node.items():
            bindings(value, path + "." + key, problems)
    elif isinstance(node, list):
        if not node:
            problems.append(f"{path}: empty array (FHIR JSON leaves the element out)")
        for item in node:
            bindings(item, path, problems)
    elif isinstance(node, str):
        generic = "*." + path.split(".", 1)[1] if "." in path else path
        allowed = REQUIRED.get(path) or REQUIRED.get(generic)
        if allowed is not None and node not in allowed:
            problems.append(f"{path}: '{node}' is not in the required value set")
        if node == "":
            problems.append(f"{path}: empty string")


def main(paths):
    failed = False
    for path in paths:
        with open(path, encoding="utf-8") as f:
            resource = json.load(f)
        problems = []
        try:
            construct_fhir_element(resource["resourceType"], resource)
        except Exception as error:  # pydantic.ValidationError and friends
            problems.append(str(error).replace("\n", " | "))
        bindings(resource, resource.get("resourceType", "?"), problems)
        if problems:
            failed = True
            print(f"invalid {path}: " + "; ".join(problems))
        else:
            print(f"valid {resource['resourceType']}/{resource.get('id', '')}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
