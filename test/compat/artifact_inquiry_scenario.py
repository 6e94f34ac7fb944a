"""Artifact's compliance inquiries and tags through boto3, unchanged but for the endpoint: a query and a CSV
questionnaire answered with cited passages, their metadata, lists and queries, feedback, an export downloaded into
the file named by argv[1], tags on the inquiry, and AWS's refusals. Prints what it saw as JSON."""
import json
import os
import sys
import urllib.request

import boto3
from botocore.exceptions import ClientError

endpoint = os.environ["WARDEN_ENDPOINT"]
artifact = boto3.client("artifact", endpoint_url=endpoint)
seen = {}


def error_of(call):
    try:
        call()
        return "accepted"
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}


one = artifact.create_compliance_inquiry(
    name="Security questionnaire",
    inquiryContent={"query": "Is MFA enabled for the root user account?"},
    tags={"team": "audit"},
)
summary = one["complianceInquirySummary"]
inquiry = summary["id"]
seen["created"] = {k: summary[k] for k in ("status", "statusMessage", "inputSource")}
seen["createdTags"] = one["tags"]
seen["arnOk"] = summary["arn"].endswith(":compliance-inquiry/" + inquiry)

query = artifact.list_compliance_inquiry_queries(complianceInquiryId=inquiry)["queries"][0]
seen["query"] = {
    "id": query["queryIdentifier"],
    "response": query.get("response", ""),
    "labels": [c["sourceLabel"] for c in query.get("citations", [])],
    "links": [c.get("sourceLink", "") for c in query.get("citations", [])],
}

csv = b"Do you keep an audit trail of every API call?\nxyzzy plugh\n"
two = artifact.create_compliance_inquiry(
    name="CSV questionnaire", inquiryContent={"fileContent": {"content": csv}}, clientToken="boto-csv-1"
)["complianceInquirySummary"]
again = artifact.create_compliance_inquiry(
    name="CSV questionnaire", inquiryContent={"fileContent": {"content": csv}}, clientToken="boto-csv-1"
)["complianceInquirySummary"]
seen["idempotent"] = again["id"] == two["id"]
queries = artifact.list_compliance_inquiry_queries(complianceInquiryId=two["id"])["queries"]
seen["fileQueries"] = [[q["query"], "response" in q] for q in queries]

meta = artifact.get_compliance_inquiry_metadata(complianceInquiryId=two["id"])["complianceInquiryDetail"]
seen["metadata"] = {"inputSource": meta["inputSource"], "supportMode": meta["supportMode"], "name": meta["name"]}
seen["listed"] = sorted(i["name"] for i in artifact.list_compliance_inquiries()["complianceInquiries"])

feedback = artifact.put_compliance_inquiry_feedback(
    complianceInquiryId=two["id"], queryIdentifier=1, rating="THUMBS_UP"
)
seen["feedback"] = "submittedAt" in feedback

url = artifact.export_compliance_inquiry(complianceInquiryId=two["id"], includeCitations=True)["documentPresignedUrl"]
with urllib.request.urlopen(url) as res, open(sys.argv[1], "wb") as f:
    seen["export"] = {"status": res.status, "type": res.headers["content-type"]}
    f.write(res.read())

arn = summary["arn"]
artifact.tag_resource(resourceArn=arn, tags={"env": "prod"})
artifact.untag_resource(resourceArn=arn, tagKeys=["team"])
seen["tags"] = artifact.list_tags_for_resource(resourceArn=arn)["tags"]

seen["refused"] = {
    "reportTags": error_of(
        lambda: artifact.list_tags_for_resource(
            resourceArn="arn:aws:artifact:us-east-1::report/report-CisChecklist3000:1"
        )
    ),
    "reservedKey": error_of(lambda: artifact.tag_resource(resourceArn=arn, tags={"aws:x": "y"})),
    "fullSupport": error_of(
        lambda: artifact.create_compliance_inquiry(
            name="x", inquiryContent={"fileContent": {"content": b"q"}}, supportMode="FULL_SUPPORT"
        )
    ),
    "missing": error_of(
        lambda: artifact.get_compliance_inquiry_metadata(complianceInquiryId="compliance-inquiry-0000000000000000")
    ),
}

print(json.dumps(seen))
