"""Artifact through boto3, unchanged but for the endpoint: list Warden's reports, read one's metadata and versions,
take a term token, download the report through the presigned URL it returns, spend the token again, and flip the
notification setting. Prints what it saw as JSON for the Node test to assert."""
import json
import os
import urllib.request

import boto3
from botocore.exceptions import ClientError

endpoint = os.environ["WARDEN_ENDPOINT"]
artifact = boto3.client("artifact", endpoint_url=endpoint)
seen = {}

reports = artifact.list_reports()["reports"]
seen["ids"] = sorted(r["id"] for r in reports)
checklist = "report-CisChecklist3000"
meta = artifact.get_report_metadata(reportId=checklist)["reportDetails"]
seen["metadata"] = {"name": meta["name"], "version": meta["version"], "state": meta["state"]}
seen["versions"] = [r["version"] for r in artifact.list_report_versions(reportId=checklist)["reports"]]

term = artifact.get_term_for_report(reportId=checklist)
url = artifact.get_report(reportId=checklist, termToken=term["termToken"])["documentPresignedUrl"]
with urllib.request.urlopen(url) as res:
    seen["download"] = {"status": res.status, "type": res.headers["content-type"], "head": res.read(5).decode()}

try:
    artifact.get_report(reportId=checklist, termToken=term["termToken"])
    seen["reused"] = "accepted"
except ClientError as e:
    seen["reused"] = {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}

try:
    artifact.get_report_metadata(reportId="report-0000000000000000")
    seen["missing"] = "found"
except ClientError as e:
    seen["missing"] = {"code": e.response["Error"]["Code"], "resourceType": e.response.get("resourceType")}

artifact.put_account_settings(notificationSubscriptionStatus="SUBSCRIBED")
seen["settings"] = artifact.get_account_settings()["accountSettings"]

print(json.dumps(seen))
