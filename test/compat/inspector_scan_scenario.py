"""Inspector Scan through boto3, unchanged but for the endpoint: ScanSbom on a small CycloneDX SBOM in both output
formats, and a document that is no SBOM. Prints what it saw as JSON for the Node test to assert."""
import json
import os

import boto3
from botocore.exceptions import ClientError

endpoint = os.environ["WARDEN_ENDPOINT"]
scan = boto3.client("inspector-scan", endpoint_url=endpoint)
seen = {}

sbom = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.5",
    "components": [
        {"bom-ref": "old", "type": "library", "name": "left-pad-fixture", "purl": "pkg:npm/left-pad-fixture@1.0.0"},
        {"bom-ref": "new", "type": "library", "name": "left-pad-fixture", "purl": "pkg:npm/left-pad-fixture@1.3.1"},
    ],
}

cyclonedx = scan.scan_sbom(sbom=sbom)["sbom"]
seen["cyclonedx"] = {
    "specVersion": cyclonedx["specVersion"],
    "vulnerabilities": [[v["id"], [a["ref"] for a in v["affects"]], v["properties"]] for v in cyclonedx["vulnerabilities"]],
}
inspector = scan.scan_sbom(sbom=sbom, outputFormat="INSPECTOR")["sbom"]
seen["inspector"] = {"count": inspector["vulnerability_count"], "messages": inspector["messages"]}

try:
    scan.scan_sbom(sbom={"not": "an sbom"})
    seen["invalid"] = "accepted"
except ClientError as e:
    seen["invalid"] = {
        "code": e.response["Error"]["Code"],
        "reason": e.response.get("reason"),
        "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
    }

print(json.dumps(seen))
