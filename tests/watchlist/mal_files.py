"""Small MyAnimeList exports written by hand, with the quirks real exports have."""

import gzip

HEADER = (
    '\ufeff<?xml version="1.0" encoding="UTF-8" ?>\n'
    "<!--\n Created by XML Export feature at MyAnimeList.net\n Version 1.1.0\n-->\n"
)
MYINFO = """  <myinfo>
    <user_id>1234</user_id>
    <user_name>mika</user_name>
    <user_export_type>1</user_export_type>
    <user_total_anime>{total}</user_total_anime>
  </myinfo>
"""


def anime(mal_id, title, *, status="Completed", watched=1, episodes=1, score=0,
          start="0000-00-00", finish="0000-00-00", comments="", times=0, tags="",
          extra=""):  # fmt: skip
    return f"""  <anime>
    <series_animedb_id>{mal_id}</series_animedb_id>
    <series_title><![CDATA[{title}]]></series_title>
    <series_type>TV</series_type>
    <series_episodes>{episodes}</series_episodes>
    <my_id>0</my_id>
    <my_watched_episodes>{watched}</my_watched_episodes>
    <my_start_date>{start}</my_start_date>
    <my_finish_date>{finish}</my_finish_date>
    <my_rated></my_rated>
    <my_score>{score}</my_score>
    <my_storage></my_storage>
    <my_storage_value>0.00</my_storage_value>
    <my_status>{status}</my_status>
    <my_comments><![CDATA[{comments}]]></my_comments>
    <my_times_watched>{times}</my_times_watched>
    <my_rewatch_value></my_rewatch_value>
    <my_priority>LOW</my_priority>
    <my_tags><![CDATA[{tags}]]></my_tags>
    <my_rewatching>0</my_rewatching>
    <my_rewatching_ep>0</my_rewatching_ep>
    <my_discuss>1</my_discuss>
    <my_sns>default</my_sns>
    <update_on_import>0</update_on_import>{extra}
  </anime>
"""


def export(*animes, myinfo=True, header=True):
    body = (MYINFO.format(total=len(animes)) if myinfo else "") + "".join(animes)
    return ((HEADER if header else "") + f"<myanimelist>\n{body}</myanimelist>\n").encode()


def gzipped(data):
    return gzip.compress(data)
