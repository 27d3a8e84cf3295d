"""Image2song's own numbers (Li, Hu & Lu), in percent as printed; ours never mix with them."""

TITLE = "Li, Hu, Lu, Image2song: song retrieval via bridging image content and lyric words"
TASK = "image -> song via image tags and lyrics"
NUMBERS = [
    {"method": "attention_obj_tags", "metric": "image_to_song_recall_at_10_unseen", "value": "17.6",
     "headline": True, "source": "Table 3, obj-tags, 500 unseen test songs"},
    {"method": "attention_obj_attr_tags", "metric": "image_to_song_recall_at_10_seen", "value": "62.50",
     "headline": True, "source": "Table 4, obj-attr-tags"},
]
