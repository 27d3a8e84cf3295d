"""What the study report says about Image2song in its own words: the method in a paragraph and the substitutes."""

METHOD = (
    "Li, Hu and Lu retrieve songs for an image through the lyric: an image becomes a vector of object and attribute "
    "tags, a bidirectional LSTM reads the lyric's word vectors, and an MLP maps the lyric into the tag space "
    "(MSE loss), where songs are ranked by distance; a tag attention, built from the image's top tags' word "
    "vectors, weights the LSTM's outputs. We implement the model with and without attention and with mood, its "
    "baselines (BoW, CONSE, the Attentive Reader, Schwarz et al. for song -> image), the losses it compares (MSE, "
    "cosine proximity, marginal ranking), average and max pooling, and the InfoNCE two-tower, on both of the paper's "
    "protocols: unseen songs (D_a) and seen songs with one image held out (D_b).")

SUBSTITUTES = (
    "Object tags: ImageNet classes of EfficientNet-Lite0 for the paper's R-CNN detections.",
    "Attribute tags: measured image attributes (colour, brightness, texture words) for the paper's attribute detector.",
    "Word vectors: GloVe 6B 50-d (frozen) for word2vec.",
    "Data: the corpus's (key frame, song, lyric) triplets for the Shuttersong crawl; lyrics are generated text.",
)
