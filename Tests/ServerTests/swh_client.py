"""Reads a snaprev server through the official swh.web.client, for ServerTests.

Usage: swh_client.py API_URL TOKEN|- ORIGIN SWHID [SWHID...]
Prints one JSON document: per snapshot the merged branches (name -> [target, type]),
the number of pages, get() and snapshot_exists(); for the origin visits(),
last_visit() and known() of the snapshots plus one unknown id.
"""
import json
import sys

import requests

from swh.web.client.client import WebAPIClient


def plain(branches):
    out = {}
    for name, target in branches.items():
        if target is None:
            out[name] = None
        else:
            out[name] = [str(target["target"]), target["target_type"]]
    return out


def main():
    api, token, origin, swhids = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    client = WebAPIClient(api_url=api, bearer_token=None if token == "-" else token)
    result = {"snapshots": {}}
    for swhid in swhids:
        merged = {}
        pages = 0
        for page in client.snapshot(swhid):
            pages += 1
            merged.update(page)
        result["snapshots"][swhid] = {
            "branches": plain(merged),
            "pages": pages,
            "get": plain(client.get(swhid)),
            "exists": client.snapshot_exists(swhid),
        }
    unknown = "swh:1:snp:" + "0" * 40
    # The client raises on HEAD errors (raise_for_status), so an unknown id is a 404 error.
    try:
        result["unknown_exists"] = client.snapshot_exists(unknown)
    except requests.HTTPError as error:
        result["unknown_exists"] = error.response.status_code
    result["visits"] = [
        {"visit": v["visit"], "snapshot": str(v["snapshot"]), "date": str(v["date"])}
        for v in client.visits(origin, per_page=1)
    ]
    last = client.last_visit(origin)
    result["last_visit"] = {"visit": last["visit"], "snapshot": str(last["snapshot"])}
    known = client.known(swhids + [unknown])
    result["known"] = {str(k): v["known"] for k, v in known.items()}
    print(json.dumps(result, sort_keys=True))


main()
