"""Artifact's audit-trail summary through boto3, unchanged but for the endpoint. `calls N M`: the root user creates N
users, one of them (mallory) gets a key and is refused iam:ListUsers M times. `download REPORT VERSION FILE`: the
report version fetched as a reader does (term token, GetReport, the presigned URL) into FILE. Prints what it saw."""
import json
import os
import sys
import urllib.request

import boto3
from botocore.exceptions import ClientError

endpoint = os.environ["WARDEN_ENDPOINT"]
seen = {}

if sys.argv[1] == "calls":
    created, denied = int(sys.argv[2]), int(sys.argv[3])
    iam = boto3.client("iam", endpoint_url=endpoint)
    for i in range(created - 1):
        iam.create_user(UserName=f"boto-user-{i}")
    iam.create_user(UserName="mallory")
    key = iam.create_access_key(UserName="mallory")["AccessKey"]
    mallory = boto3.client(
        "iam",
        endpoint_url=endpoint,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    seen["denied"] = []
    for _ in range(denied):
        try:
            mallory.list_users()
            seen["denied"].append("allowed")
        except ClientError as e:
            seen["denied"].append(e.response["Error"]["Code"])
else:
    report, version, out = sys.argv[2], int(sys.argv[3]), sys.argv[4]
    artifact = boto3.client("artifact", endpoint_url=endpoint)
    meta = artifact.get_report_metadata(reportId=report, reportVersion=version)["reportDetails"]
    seen["metadata"] = {"name": meta["name"], "version": meta["version"], "description": meta["description"]}
    term = artifact.get_term_for_report(reportId=report, reportVersion=version)
    url = artifact.get_report(reportId=report, reportVersion=version, termToken=term["termToken"])[
        "documentPresignedUrl"
    ]
    with urllib.request.urlopen(url) as res, open(out, "wb") as f:
        f.write(res.read())

print(json.dumps(seen))
